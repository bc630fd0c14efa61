using Chronos.Storage.Redis;

namespace Chronos.Storage.RedisVector;

/// <summary>Where the Redis Stack (RediSearch 2.4 or later) server is and how new collections are indexed.</summary>
public sealed record RedisVectorStoreOptions
{
    /// <summary>
    /// The connection (endpoints, password, database) and the key prefix, as for the Redis storage adapter. Index
    /// names are global to the server, so the key prefix also prefixes them: two applications with different prefixes
    /// can share one server.
    /// </summary>
    public required RedisStorageOptions Connection { get; init; }

    /// <summary>The vector index algorithm of collections created by this store (existing ones keep theirs).</summary>
    public RedisVectorAlgorithm Algorithm { get; init; } = RedisVectorAlgorithm.Hnsw;

    /// <summary>
    /// Options from a DSN: <c>host:port</c>, <c>redis://[:password@]host:port/db</c>, or a StackExchange.Redis
    /// configuration string (the forms of <see cref="RedisDsn"/>).
    /// </summary>
    /// <exception cref="StorageConfigurationException">Malformed DSN; the message never contains the password.</exception>
    public static RedisVectorStoreOptions FromDsn(string dsn, string? keyPrefix = null) => new() { Connection = RedisDsn.Parse(dsn, keyPrefix) };

    /// <summary>A description without the password, for logs.</summary>
    public override string ToString() =>
        $"Redis vector store at {string.Join(",", Connection.Configuration.EndPoints)} database {Connection.Database}" +
        $"{(Connection.KeyPrefix.Length == 0 ? "" : $" prefix '{Connection.KeyPrefix}'")} ({Algorithm})";
}
