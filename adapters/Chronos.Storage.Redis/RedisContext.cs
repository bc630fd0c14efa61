using Chronos.Storage.Providers;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

/// <summary>What every entity store of one <see cref="RedisStorage"/> shares: the database, the key builder, error mapping.</summary>
internal sealed class RedisContext(IDatabase database, RedisKeys keys, Func<bool> isCluster, RecordExpiry expiry)
{
    private readonly Lazy<bool> _isCluster = new(isCluster);

    public const string Backend = "redis";

    /// <summary>
    /// The database every command is sent through. A disposed store is refused before it gets here, by the engine
    /// (also when the store does not own, and so did not close, the connection).
    /// </summary>
    public IDatabase Database => database;

    public RedisKeys Keys { get; } = keys;

    /// <summary>When a record written now expires: its hash and locator get that instant as their key expiry (PEXPIREAT).</summary>
    public RecordExpiry Expiry { get; } = expiry;

    /// <summary>
    /// The server is a Redis Cluster: the entities a turn writes use <see cref="RedisLayout.ClusterOf{TEntity}"/>, so
    /// that every key of a turn is in its session's slot. Asked on first use (when the first entity store is made),
    /// not at construction: a connection handed in by the caller may still be connecting then.
    /// </summary>
    public bool IsCluster => _isCluster.Value;

    /// <summary>
    /// Maps a driver failure to the project's error types; everything else passes through (also
    /// <see cref="ObjectDisposedException"/>: a disposed store is the caller's mistake, not a transient fault).
    /// </summary>
    public static Exception? Map(Exception error, string operation) => error switch
    {
        _ when RedisFaults.IsTransient(error) => new TransientStorageException(Backend, operation, error),
        RedisServerException denied when IsAclDenial(denied.Message) => AclRefused(operation, denied.Message, denied),
        _ => null,
    };

    /// <summary>The server's ACL refuses a command to the DSN's user: a configuration error, not a transient one.</summary>
    public static StorageConfigurationException AclRefused(string operation, string what, Exception? inner = null) =>
        new($"redis: {operation} was refused by the server's ACL ({what}); nothing was written. Grant the DSN's user " +
            "the command on the store's key prefix.", inner);

    private static bool IsAclDenial(string message) =>
        message.StartsWith("NOPERM", StringComparison.Ordinal) || message.Contains("can't run this command", StringComparison.Ordinal);

    /// <summary>Awaits <paramref name="task"/>, honouring cancellation and mapping driver failures.</summary>
    public static async Task<T> Run<T>(Task<T> task, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Map(e, operation) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>Awaits <paramref name="task"/>, honouring cancellation and mapping driver failures.</summary>
    public static async Task Run(Task task, string operation, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Map(e, operation) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>Runs <paramref name="operation"/>'s body, mapping driver failures.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> body, string operation)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (Map(e, operation) is { } mapped)
        {
            throw mapped;
        }
    }
}
