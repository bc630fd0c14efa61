using Chronos.Storage.Sql;
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

    private static readonly SqlDsnSyntax Syntax = new(
        "postgres", ["postgres", "postgresql"], "postgres://user:password@host:5432/database", "Host=...;Username=...;Password=...;Database=...");

    /// <summary>Parses <paramref name="dsn"/>.</summary>
    /// <exception cref="StorageConfigurationException">Empty or malformed; the message never contains the password.</exception>
    public static PostgresDsn Parse(string? dsn)
    {
        var builder = SqlDsn.Parse(dsn, Syntax, FromUrl, static keywords => new NpgsqlConnectionStringBuilder(keywords));
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new StorageConfigurationException("postgres: the DSN names no host.");
        }
        return new PostgresDsn(builder);
    }

    private static NpgsqlConnectionStringBuilder FromUrl(UrlDsn url)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = url.Host, Port = url.Port ?? 5432 };
        if (url.User is not null) builder.Username = url.User;
        if (url.Password is not null) builder.Password = url.Password;
        if (url.Database is not null) builder.Database = url.Database;
        foreach (var (name, value) in url.Parameters)
        {
            switch (name.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = url.Choice(name, value, SslModes);
                    break;
                case "connect_timeout":
                    builder.Timeout = url.Seconds(name, value);
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
                case "search_path":
                    builder.SearchPath = value;
                    break;
                default:
                    throw url.Unsupported(name, "sslmode, connect_timeout, application_name or search_path");
            }
        }
        return builder;
    }

    /// <inheritdoc />
    public override string ToString() => Display;
}
