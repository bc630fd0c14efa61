using Chronos.Storage.Providers;
using Chronos.Storage.Sql;
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

    private static readonly SqlDsnSyntax Syntax = new(
        "mysql", ["mysql", "mariadb"], "mysql://user:password@host:3306/database", "Server=...;User ID=...;Password=...;Database=...");

    /// <summary>Parses <paramref name="dsn"/>.</summary>
    /// <exception cref="StorageConfigurationException">Empty or malformed; the message never contains the password.</exception>
    public static MySqlDsn Parse(string? dsn)
    {
        var builder = SqlDsn.Parse(dsn, Syntax, FromUrl, static keywords => new MySqlConnectionStringBuilder(keywords));
        if (string.IsNullOrEmpty(builder.Server))
        {
            throw new StorageConfigurationException("mysql: the DSN names no host.");
        }
        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new StorageConfigurationException($"mysql: the DSN '{DsnRedactor.Redact(dsn!.Trim())}' names no database; add '/database' (or Database=...).");
        }
        return new MySqlDsn(builder);
    }

    private static MySqlConnectionStringBuilder FromUrl(UrlDsn url)
    {
        var builder = new MySqlConnectionStringBuilder { Server = url.Host, Port = (uint)(url.Port ?? 3306) };
        if (url.User is not null) builder.UserID = url.User;
        if (url.Password is not null) builder.Password = url.Password;
        if (url.Database is not null) builder.Database = url.Database;
        foreach (var (name, value) in url.Parameters)
        {
            switch (name.ToLowerInvariant())
            {
                case "sslmode" or "ssl-mode" or "ssl_mode":
                    builder.SslMode = url.Choice(name, value, SslModes);
                    break;
                case "connect_timeout" or "connect-timeout":
                    builder.ConnectionTimeout = (uint)url.Seconds(name, value);
                    break;
                default:
                    throw url.Unsupported(name, "ssl-mode or connect_timeout");
            }
        }
        return builder;
    }

    /// <inheritdoc />
    public override string ToString() => Display;
}
