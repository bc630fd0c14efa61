using System.Globalization;
using MySqlConnector;

namespace Chronos.Storage.MySql;

/// <summary>
/// A parsed MariaDB/MySQL DSN in either form: a URL (<c>mysql://user:pass@host:3306/chronos?sslmode=required</c>, also
/// <c>mariadb://</c>) or MySqlConnector's keyword form (<c>Server=...;User ID=...;Password=...;Database=...</c>). Errors
/// name the part that is wrong and never contain the password (<see cref="DsnRedactor"/>).
/// </summary>
public sealed class MySqlDsn
{
    private static readonly Dictionary<string, MySqlSslMode> SslModes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = MySqlSslMode.None, ["disabled"] = MySqlSslMode.None, ["preferred"] = MySqlSslMode.Preferred,
        ["required"] = MySqlSslMode.Required, ["verify_ca"] = MySqlSslMode.VerifyCA, ["verify_identity"] = MySqlSslMode.VerifyFull,
    };

    private MySqlDsn(MySqlConnectionStringBuilder builder) => Builder = builder;

    /// <summary>The MySqlConnector settings (the adapter turns MySqlConnector's own pooling off: it keeps its connections open).</summary>
    public MySqlConnectionStringBuilder Builder { get; }

    /// <summary>Host, port, database and user, for messages; never the password.</summary>
    public string Display => $"{Builder.UserID}@{Builder.Server}:{Builder.Port}/{Builder.Database}";

    /// <summary>Parses <paramref name="dsn"/>.</summary>
    /// <exception cref="StorageConfigurationException">Empty or malformed; the message never contains the password.</exception>
    public static MySqlDsn Parse(string? dsn)
    {
        if (string.IsNullOrWhiteSpace(dsn))
        {
            throw new StorageConfigurationException(
                "mysql: the DSN is empty; give 'mysql://user:password@host:3306/database' or 'Server=...;User ID=...;Password=...;Database=...'.");
        }
        var trimmed = dsn.Trim();
        var builder = trimmed.StartsWith("mysql://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("mariadb://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(trimmed)
            : FromKeywords(trimmed);
        if (string.IsNullOrEmpty(builder.Server))
        {
            throw new StorageConfigurationException("mysql: the DSN names no host.");
        }
        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new StorageConfigurationException($"mysql: the DSN '{DsnRedactor.Redact(trimmed)}' names no database; add '/database' (or Database=...).");
        }
        return new MySqlDsn(builder);
    }

    private static MySqlConnectionStringBuilder FromKeywords(string dsn)
    {
        try
        {
            return new MySqlConnectionStringBuilder(dsn);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or InvalidCastException or OverflowException)
        {
            // MySqlConnector's message may quote a value (the password among them): report only the kind of problem.
            throw new StorageConfigurationException(
                $"mysql: the DSN is neither a mysql:// URL nor a valid keyword connection string ({ex.GetType().Name}).");
        }
    }

    private static MySqlConnectionStringBuilder FromUrl(string dsn)
    {
        if (!Uri.TryCreate(dsn, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new StorageConfigurationException(
                $"mysql: the DSN URL is malformed: '{DsnRedactor.Redact(dsn)}'; expected mysql://user:password@host:port/database.");
        }
        var builder = new MySqlConnectionStringBuilder { Server = uri.Host, Port = (uint)(uri.IsDefaultPort || uri.Port < 0 ? 3306 : uri.Port) };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            builder.UserID = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Contains('/', StringComparison.Ordinal))
        {
            throw new StorageConfigurationException($"mysql: the DSN path '/{database}' must be a single database name.");
        }
        if (database.Length > 0) builder.Database = database;

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (name.ToLowerInvariant())
            {
                case "sslmode" or "ssl-mode" or "ssl_mode":
                    builder.SslMode = SslModes.TryGetValue(value, out var mode)
                        ? mode
                        : throw new StorageConfigurationException($"mysql: ssl-mode '{value}' is unknown; use one of {string.Join(", ", SslModes.Keys)}.");
                    break;
                case "connect_timeout" or "connect-timeout":
                    builder.ConnectionTimeout = uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                        ? seconds
                        : throw new StorageConfigurationException($"mysql: connect_timeout '{value}' is not a whole number of seconds.");
                    break;
                default:
                    throw new StorageConfigurationException($"mysql: the DSN parameter '{name}' is not supported; use ssl-mode or connect_timeout.");
            }
        }
        return builder;
    }

    /// <inheritdoc />
    public override string ToString() => Display;
}
