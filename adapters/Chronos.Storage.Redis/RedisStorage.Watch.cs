using Chronos.Storage.Providers;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

/// <summary>
/// Push for <see cref="IStorage.WatchEventsAsync"/> over Redis pub/sub: every script that stores events (the single
/// append, the batch append, the turn) publishes an empty message on the channel named like the session's ledger
/// counter key (a name each script already holds, so nothing more is sent for it), and a watcher subscribed to that
/// channel is woken. Channels and keys are separate namespaces: the name is shared, nothing else. Classic PUBLISH
/// reaches subscribers on every node of a cluster (the cluster bus forwards it), so a watcher connected to any node
/// hears appends made through any other. The watcher reads the ledger by sequence number after each wake-up, so a
/// message lost with a dropped subscription or a failover (or never sent, under an ACL that refuses PUBLISH) delays
/// events by at most <see cref="StorageEngine.WatchSafetyPollInterval"/> and never loses one.
/// </summary>
public sealed partial class RedisStorage
{
    /// <summary>The pub/sub channel of a session's appends: the name of its ledger counter key.</summary>
    private RedisChannel AppendedChannel(string sessionId) =>
        RedisChannel.Literal(LedgerCounterKey(sessionId));

    /// <inheritdoc />
    protected override async ValueTask<LedgerWakeup?> OpenLedgerWakeupAsync(string sessionId, CancellationToken cancellationToken)
    {
        var subscriber = _connection.GetSubscriber();
        var channel = AppendedChannel(sessionId);
        LedgerWakeup? wakeup = null;
        Action<RedisChannel, RedisValue> handler = (_, _) => wakeup?.Signal();
        wakeup = new LedgerWakeup(async () =>
        {
            try
            {
                await subscriber.UnsubscribeAsync(channel, handler).ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // The connection is gone, and the subscription with it.
            }
        });
        try
        {
            await subscriber.SubscribeAsync(channel, handler).WaitAsync(cancellationToken).ConfigureAwait(false);
            return wakeup;
        }
        catch (RedisException)
        {
            // Cannot subscribe now: the watch polls (its reads report what is wrong with the server).
            await wakeup.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        catch
        {
            // Cancelled while subscribing: a subscription that completes anyway must not outlive the watch.
            await wakeup.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
