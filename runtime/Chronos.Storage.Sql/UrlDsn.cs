using System.Globalization;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Sql;

/// <summary>The parts of a URL DSN, decoded; what an adapter maps onto its driver's settings.</summary>
public sealed class UrlDsn
{
    private UrlDsn(string backend, string host, int? port)
    {
        Backend = backend;
        Host = host;
        Port = port;
    }

    /// <summary>The backend name that starts every message.</summary>
    public string Backend { get; }

    /// <summary>The host.</summary>
    public string Host { get; }

    /// <summary>The port, or null when the URL gives none (the adapter's default applies).</summary>
    public int? Port { get; }

    /// <summary>The user, or null.</summary>
    public string? User { get; private set; }

    /// <summary>The password, or null.</summary>
    public string? Password { get; private set; }

    /// <summary>The database (the single path segment), or null.</summary>
    public string? Database { get; private set; }

    /// <summary>The query parameters in order, names and values decoded.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    internal static UrlDsn Parse(string dsn, SqlDsnSyntax syntax)
    {
        if (!Uri.TryCreate(dsn, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new StorageConfigurationException(
                $"{syntax.Backend}: the DSN URL is malformed: '{DsnRedactor.Redact(dsn)}'; expected {syntax.UrlExample}.");
        }
        var parts = new UrlDsn(syntax.Backend, uri.Host, uri.IsDefaultPort || uri.Port < 0 ? null : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            parts.User = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) parts.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Contains('/', StringComparison.Ordinal))
        {
            throw new StorageConfigurationException($"{syntax.Backend}: the DSN path '/{database}' must be a single database name.");
        }
        if (database.Length > 0) parts.Database = database;

        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            parameters.Add(new(Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]), eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..])));
        }
        parts.Parameters = parameters;
        return parts;
    }

    /// <summary>The value of parameter <paramref name="name"/> among <paramref name="choices"/> (case-insensitive keys).</summary>
    /// <exception cref="StorageConfigurationException">Not one of the choices; the message lists them.</exception>
    public T Choice<T>(string name, string value, IReadOnlyDictionary<string, T> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return choices.TryGetValue(value, out var choice)
            ? choice
            : throw new StorageConfigurationException($"{Backend}: {name} '{value}' is unknown; use one of {string.Join(", ", choices.Keys)}.");
    }

    /// <summary>The value of parameter <paramref name="name"/> as a whole number of seconds.</summary>
    /// <exception cref="StorageConfigurationException">Not a whole non-negative number.</exception>
    public int Seconds(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw new StorageConfigurationException($"{Backend}: {name} '{value}' is not a whole number of seconds.");

    /// <summary>The error for a parameter the adapter does not support.</summary>
    /// <param name="name">The parameter as written.</param>
    /// <param name="supported">The supported ones, for the message, e.g. <c>sslmode or connect_timeout</c>.</param>
    public StorageConfigurationException Unsupported(string name, string supported) =>
        new($"{Backend}: the DSN parameter '{name}' is not supported; use {supported}.");
}
