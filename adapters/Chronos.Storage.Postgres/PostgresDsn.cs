using System.Globalization;
using Npgsql;

namespace Chronos.Storage.Postgres;

/// <summary>
/// A parsed PostgreSQL DSN in either form: the seed's URL (<c>postgres://user:pass@host:5432/chronos?sslmode=require</c>,
/// also <c>postgresql://</c>) or Npgsql's keyword form (<c>Host=...;Username=...;Password=...</c>). Errors name the
/// part that is wrong and never contain the password.
/// </summary>
public sealed class PostgresDsn
{
    private static readonly Dictionary<string, SslMode> SslModes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["disable"] = SslMode.Disable, ["allow"] = SslMode.Allow, ["prefer"] = SslMode.Prefer,
        ["require"] = SslMode.Require, ["verify-ca"] = SslMode.VerifyCA, ["verify-full"] = SslMode.VerifyFull,
    };

    private PostgresDsn(NpgsqlConnectionStringBuilder builder) => Builder = builder;

    /// <summary>The Npgsql settings (the adapter turns Npgsql's own pooling off: it keeps its connections open).</summary>
    public NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary>Host, port, database and user, for messages; never the password.</summary>
    public string Display => $"{Builder.Username}@{Builder.Host}:{Builder.Port}/{Builder.Database}";

    /// <summary>Parses <paramref name="dsn"/>.</summary>
    /// <exception cref="StorageConfigurationException">Empty or malformed; the message never contains the password.</exception>
    public static PostgresDsn Parse(string? dsn)
    {
        if (string.IsNullOrWhiteSpace(dsn))
        {
            throw new StorageConfigurationException("postgres: the DSN is empty; give 'postgres://user:password@host:5432/database' or 'Host=...;Username=...;Password=...;Database=...'.");
        }
        var trimmed = dsn.Trim();
        var builder = trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(trimmed)
            : FromKeywords(trimmed);
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new StorageConfigurationException("postgres: the DSN names no host.");
        }
        return new PostgresDsn(builder);
    }

    private static NpgsqlConnectionStringBuilder FromKeywords(string dsn)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(dsn);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or InvalidCastException or OverflowException)
        {
            // Npgsql's message may quote a value (the password among them): report only the kind of problem.
            throw new StorageConfigurationException(
                $"postgres: the DSN is neither a postgres:// URL nor a valid keyword connection string ({ex.GetType().Name}).");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string dsn)
    {
        if (!Uri.TryCreate(dsn, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new StorageConfigurationException($"postgres: the DSN URL is malformed: '{DsnRedactor.Redact(dsn)}'; expected postgres://user:password@host:port/database.");
        }
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Contains('/', StringComparison.Ordinal))
        {
            throw new StorageConfigurationException($"postgres: the DSN path '/{database}' must be a single database name.");
        }
        if (database.Length > 0) builder.Database = database;

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (name.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = SslModes.TryGetValue(value, out var mode)
                        ? mode
                        : throw new StorageConfigurationException($"postgres: sslmode '{value}' is unknown; use one of {string.Join(", ", SslModes.Keys)}.");
                    break;
                case "connect_timeout":
                    builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                        ? seconds
                        : throw new StorageConfigurationException($"postgres: connect_timeout '{value}' is not a whole number of seconds.");
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "search_path":
                    builder.SearchPath = value;
                    break;
                default:
                    throw new StorageConfigurationException(
                        $"postgres: the DSN parameter '{name}' is not supported; use sslmode, connect_timeout, application_name or search_path.");
            }
        }
        return builder;
    }

    /// <inheritdoc />
    public override string ToString() => Display;
}
