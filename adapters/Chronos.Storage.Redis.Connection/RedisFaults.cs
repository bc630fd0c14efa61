using StackExchange.Redis;

namespace Chronos.Storage.Redis;

/// <summary>Which driver failures are transient (retrying may succeed), for the storage and the vector adapter alike.</summary>
internal static class RedisFaults
{
    /// <summary>
    /// The connection failed or timed out, or the driver cancelled a command that nobody asked to cancel: when a
    /// connection drops, StackExchange.Redis cancels the commands of a batch still waiting on it, and that
    /// <see cref="TaskCanceledException"/> carries no requested token. A cancellation the caller asked for (its token
    /// is cancelled) is not a fault and is not matched.
    /// </summary>
    public static bool IsTransient(Exception error) => error
        is RedisConnectionException or RedisTimeoutException or TimeoutException
        or OperationCanceledException { CancellationToken.IsCancellationRequested: false };
}
