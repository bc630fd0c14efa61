using System.Globalization;
using StackExchange.Redis;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Redis;

/// <summary>
/// Parses the Redis DSNs Chronos accepts:
/// <list type="bullet">
/// <item>the seed's <c>host:port</c>, optionally with <c>password</c> and <c>db</c> as in Go's <c>redis.New(addr, password, db)</c>
/// (<see cref="Parse(string, string?, int, string?)"/>);</item>
/// <item><c>redis://[:password@]host[:port][/db][?prefix=app:]</c> (and <c>rediss://</c> for TLS; a user name before the ':' is used for ACL);</item>
/// <item>a StackExchange.Redis configuration string, e.g. <c>host:6379,password=secret,defaultDatabase=2</c>, with an optional
/// <c>prefix=app:</c> item. The password may contain ',' and '=': it runs to the next comma followed by a
/// StackExchange.Redis option name and '=' (the rule <see cref="DsnRedactor.SplitCommaItems"/> shares with the
/// redaction), so write endpoints before it.</item>
/// </list>
/// Errors name what is wrong and never contain the password; the password is kept out of
/// <see cref="RedisStorageOptions.Configuration"/> (see <see cref="RedisStorageOptions.Password"/>).
/// </summary>
public static class RedisDsn
{
    private const int DefaultPort = 6379;

    /// <summary>Parses a DSN, with an optional key prefix that overrides one given in the DSN.</summary>
    /// <exception cref="StorageConfigurationException">Malformed DSN.</exception>
    public static RedisStorageOptions Parse(string dsn, string? keyPrefix = null)
    {
        if (string.IsNullOrWhiteSpace(dsn))
        {
            throw new StorageConfigurationException("redis: the DSN is empty; expected host:port, redis://[:password@]host:port/db, or a StackExchange.Redis configuration string.");
        }
        dsn = dsn.Trim();
        var options = dsn.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || dsn.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase)
            ? ParseUri(dsn)
            : ParseConfigurationString(dsn);
        return keyPrefix is null ? Checked(options) : Checked(options with { KeyPrefix = keyPrefix });
    }

    /// <summary>The seed's form: <c>redis.New(addr, password, db)</c>.</summary>
    /// <exception cref="StorageConfigurationException">Malformed address or negative database.</exception>
    public static RedisStorageOptions Parse(string address, string? password, int database, string? keyPrefix = null)
    {
        if (database < 0)
        {
            throw new StorageConfigurationException($"redis: database must be 0 or more; got {database}.");
        }
        var (host, port) = HostAndPort(address, "address");
        var configuration = Base();
        configuration.EndPoints.Add(host, port);
        configuration.DefaultDatabase = database;
        return Checked(new RedisStorageOptions
        {
            Configuration = configuration, Password = string.IsNullOrEmpty(password) ? null : password, Database = database, KeyPrefix = keyPrefix ?? "",
        });
    }

    private static RedisStorageOptions ParseUri(string dsn)
    {
        var scheme = dsn[..dsn.IndexOf("://", StringComparison.Ordinal)].ToLowerInvariant();
        var rest = dsn[(scheme.Length + 3)..];
        string? user = null, password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var credentials = rest[..at];
            rest = rest[(at + 1)..];
            var colon = credentials.IndexOf(':');
            user = colon < 0 ? null : Uri.UnescapeDataString(credentials[..colon]);
            password = Uri.UnescapeDataString(colon < 0 ? credentials : credentials[(colon + 1)..]);
            if (user is { Length: 0 }) user = null;
        }
        string? query = null;
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            query = rest[(question + 1)..];
            rest = rest[..question];
        }
        var database = 0;
        var slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            var db = rest[(slash + 1)..];
            rest = rest[..slash];
            if (db.Length > 0 && (!int.TryParse(db, NumberStyles.None, CultureInfo.InvariantCulture, out database)))
            {
                throw new StorageConfigurationException(
                    $"redis: the database number (the path after the host in {DsnRedactor.Redact(dsn)}) must be a whole number from 0 to {int.MaxValue}; got '{db}'.");
            }
        }
        if (rest.Length == 0)
        {
            throw new StorageConfigurationException($"redis: {DsnRedactor.Redact(dsn)} has no host.");
        }
        var (host, port) = HostAndPort(rest, DsnRedactor.Redact(dsn));
        var configuration = Base();
        configuration.EndPoints.Add(host, port);
        configuration.User = user;
        configuration.DefaultDatabase = database;
        configuration.Ssl = scheme == "rediss";
        var prefix = "";
        foreach (var pair in (query ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            if (name == "prefix") prefix = value;
            else throw new StorageConfigurationException($"redis: unknown query parameter '{name}' in {DsnRedactor.Redact(dsn)}; the only one is 'prefix'.");
        }
        return new RedisStorageOptions { Configuration = configuration, Password = password, Database = database, KeyPrefix = prefix };
    }

    private static RedisStorageOptions ParseConfigurationString(string dsn)
    {
        // Our own 'prefix=' item is not a StackExchange.Redis option, and the password (which may hold ',' and '=' that
        // the driver's parser would split on) goes to RedisStorageOptions.Password: take both out first.
        var prefix = "";
        string? password = null;
        var items = new List<string>();
        foreach (var item in DsnRedactor.SplitCommaItems(dsn))
        {
            var trimmed = item.TrimStart();
            if (trimmed.StartsWith("prefix=", StringComparison.OrdinalIgnoreCase)) prefix = trimmed.TrimEnd()[7..];
            else if (trimmed.StartsWith("password=", StringComparison.OrdinalIgnoreCase)) password = trimmed[9..];
            else items.Add(item);
        }
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(string.Join(',', items));
        }
        catch (ArgumentException e)
        {
            // The driver's message can quote the offending item, which may be the password: report only its key.
            throw new StorageConfigurationException($"redis: invalid configuration string ({KeyOnly(e.Message)}); expected host:port[,password=...][,defaultDatabase=N][,prefix=...].");
        }
        if (configuration.EndPoints.Count == 0)
        {
            throw new StorageConfigurationException("redis: the configuration string names no host:port endpoint.");
        }
        if (configuration.DefaultDatabase is < 0)
        {
            throw new StorageConfigurationException($"redis: defaultDatabase in the configuration string must be 0 or more; got {configuration.DefaultDatabase}.");
        }
        configuration.AbortOnConnectFail = false;
        return new RedisStorageOptions
        {
            Configuration = configuration, Password = string.IsNullOrEmpty(password) ? null : password,
            Database = configuration.DefaultDatabase ?? 0, KeyPrefix = prefix,
        };
    }

    private static string KeyOnly(string message)
    {
        var eq = message.IndexOf('=');
        return eq < 0 ? "unrecognised item" : "item " + message[..eq].Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1].Trim('\'', '"') + "=…";
    }

    private static (string Host, int Port) HostAndPort(string text, string where)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0) return (text, DefaultPort);
        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (host.Length == 0 || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new StorageConfigurationException($"redis: expected host:port with a port 1-65535 in {where}; got host '{host}' and port '{portText}'.");
        }
        return (host, port);
    }

    private static ConfigurationOptions Base() => new() { AbortOnConnectFail = false };

    /// <summary>Checks options built by hand the way parsed ones are checked.</summary>
    internal static RedisStorageOptions Validated(RedisStorageOptions options) => Checked(options);

    private static RedisStorageOptions Checked(RedisStorageOptions options)
    {
        if (options.KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new StorageConfigurationException($"redis: the key prefix '{options.KeyPrefix}' must not contain '{{' or '}}' (they would change the Redis Cluster hash tags).");
        }
        return options;
    }
}
