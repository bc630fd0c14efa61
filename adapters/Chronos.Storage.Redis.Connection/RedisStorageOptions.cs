using StackExchange.Redis;

namespace Chronos.Storage.Redis;

/// <summary>How a Redis adapter (the storage in Chronos.Storage.Redis, the vector store in Chronos.Storage.RedisVector) connects and names its keys.</summary>
public sealed record RedisStorageOptions
{
    /// <summary>The StackExchange.Redis configuration (endpoints, password, database, timeouts).</summary>
    public required ConfigurationOptions Configuration { get; init; }

    /// <summary>The logical database number.</summary>
    public int Database { get; init; }

    /// <summary>
    /// Prepended to every key, so that several applications (or test runs) can share one database, e.g. <c>app1:</c>.
    /// Must not contain '{' or '}', which would change the Redis Cluster hash tags.
    /// </summary>
    public string KeyPrefix { get; init; } = "";

    /// <summary>Creates options from a DSN (see <see cref="RedisDsn"/> for the accepted forms).</summary>
    /// <exception cref="StorageConfigurationException">The DSN is malformed; the message never contains the password.</exception>
    public static RedisStorageOptions FromDsn(string dsn, string? keyPrefix = null) => RedisDsn.Parse(dsn, keyPrefix);
}
