using Chronos.Storage.Providers;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

/// <summary>
/// Push for <see cref="IStorage.WatchEventsAsync"/> over Redis pub/sub: after each append that stored an event the
/// writer publishes (fire-and-forget, no round trip waited for) on the session's channel, and a watcher subscribed to
/// it is woken. Classic PUBLISH reaches subscribers on every node of a cluster (the cluster bus forwards it), so a
/// watcher connected to any node hears appends made through any other. The watcher reads the ledger by sequence
/// number after each wake-up, so a publish lost with a crashed writer, a dropped subscription or a failover delays
/// events by at most <see cref="StorageEngine.WatchSafetyPollInterval"/> and never loses one.
/// </summary>
public sealed partial class RedisStorage
{
    /// <summary>The pub/sub channel of a session's appends, under the store's key prefix.</summary>
    private RedisChannel AppendedChannel(string sessionId) =>
        RedisChannel.Literal(_context.Keys.Prefix + "ledger-appended:{" + RedisKeys.Escape(sessionId) + "}");

    /// <summary>Wakes the session's watchers; never waits and never fails the append (the watchers' safety poll covers a lost message).</summary>
    private void PublishAppended(string sessionId)
    {
        try
        {
            _context.Database.Publish(AppendedChannel(sessionId), RedisValue.EmptyString, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // No connection right now: the append itself succeeded, and watchers poll as a fallback.
        }
    }

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
