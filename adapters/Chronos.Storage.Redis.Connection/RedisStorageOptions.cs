using System.Text;
using StackExchange.Redis;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Redis;

/// <summary>How a Redis adapter (the storage in Chronos.Storage.Redis, the vector store in Chronos.Storage.RedisVector) connects and names its keys.</summary>
/// <remarks>
/// A DSN's password is kept in <see cref="Password"/>, not in <see cref="Configuration"/>, so that neither this
/// record's <see cref="object.ToString"/> nor <c>Configuration.ToString()</c> can print it; <see cref="ConnectAsync"/>
/// puts it into the copy it connects with.
/// </remarks>
public sealed record RedisStorageOptions
{
    /// <summary>The StackExchange.Redis configuration (endpoints, user, database, timeouts).</summary>
    public required ConfigurationOptions Configuration { get; init; }

    /// <summary>The password to authenticate with; overrides one set in <see cref="Configuration"/>. Never printed.</summary>
    public string? Password { get; init; }

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

    /// <summary>
    /// Connects (the driver keeps reconnecting in the background when the server is down) and checks the credentials
    /// and database number at once, so that a wrong password is a configuration error now rather than a timeout later.
    /// </summary>
    /// <exception cref="StorageConfigurationException">The server refused the credentials or the database number.</exception>
    public Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken = default) =>
        RedisConnector.ConnectAsync(this, cancellationToken);

    /// <summary>A copy of <see cref="Configuration"/> with <see cref="Password"/> in it, to connect with (never to print).</summary>
    public ConfigurationOptions ConnectionConfiguration()
    {
        var configuration = Configuration.Clone();
        if (Password is not null) configuration.Password = Password;
        return configuration;
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Configuration = ").Append(Configuration.ToString(includePassword: false))
            .Append(", Password = ").Append(Password is null ? "(none)" : DsnRedactor.Mask)
            .Append(", Database = ").Append(Database)
            .Append(", KeyPrefix = ").Append(KeyPrefix);
        return true;
    }
}
