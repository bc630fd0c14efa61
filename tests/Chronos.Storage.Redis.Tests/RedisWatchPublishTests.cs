using System.Threading.Channels;
using Chronos.Storage.Conformance;
using StackExchange.Redis;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// The push half of <see cref="IStorage.WatchEventsAsync"/> on Redis: an append that stores an event publishes, from its
/// script, on the channel named like the session's ledger counter key, heard by a subscriber on any node; a fenced-out
/// append publishes nothing.
/// </summary>
public abstract class RedisWatchPublishSuite(RedisTestServer server)
{
    [ConformanceFact]
    public async Task AStoredAppendPublishesOnItsSessionChannelAndAFencedOutOneDoesNot()
    {
        var prefix = RedisTestServer.NewPrefix("watch");
        await using var store = server.Open(prefix);
        await store.MigrateAsync();
        var session = "s-" + Guid.NewGuid().ToString("N");
        var heard = Channel.CreateUnbounded<string>();
        var subscriber = server.Connection.GetSubscriber();
        // A pattern over the store's prefix: hears every session's channel, to tell which one was published.
        var pattern = RedisChannel.Pattern(prefix + "*");
        await subscriber.SubscribeAsync(pattern, (channel, _) => heard.Writer.TryWrite(channel.ToString()));
        try
        {
            await store.AppendEventAsync(new Event { Id = session + "-e1", SessionId = session, Type = EventType.ChatMessage });
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Assert.Equal(CounterKey(session), await heard.Reader.ReadAsync(wait.Token));

            await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
                store.AppendEventAsync(new Event { Id = session + "-e2", SessionId = session, Type = EventType.ChatMessage }, expectedLastSeq: 0));
            await store.AppendEventAsync(new Event { Id = session + "-x", SessionId = session + "-other", Type = EventType.ChatMessage });
            Assert.Equal(CounterKey(session + "-other"), await heard.Reader.ReadAsync(wait.Token));

            // A batch append publishes too (once, after the batch is stored), so watchers don't wait for their safety poll.
            await store.AppendEventsAsync(session + "-batch",
                [new Event { Id = session + "-b1", SessionId = session + "-batch", Type = EventType.ChatMessage },
                 new Event { Id = session + "-b2", SessionId = session + "-batch", Type = EventType.ChatMessage }]);
            Assert.Equal(CounterKey(session + "-batch"), await heard.Reader.ReadAsync(wait.Token));

            // A turn with events publishes too (from the turn's script).
            var turnSession = await store.CreateSessionAsync(new Session { Id = session + "-turn", AgentId = "watch-agent" });
            await store.CommitTurnAsync(new TurnCommit
            {
                Session = turnSession,
                Events = [new Event { Id = session + "-t1", SessionId = turnSession.Id, Type = EventType.ChatMessage }],
            });
            Assert.Equal(CounterKey(session + "-turn"), await heard.Reader.ReadAsync(wait.Token));
        }
        finally
        {
            await subscriber.UnsubscribeAsync(pattern);
            await server.DropAsync(prefix);
        }

        // The channel is the name of the session's ledger counter, a key the append has just written.
        string CounterKey(string of) => Assert.Single(server.Keys(prefix), k => k.EndsWith("{" + of + "}:seq", StringComparison.Ordinal));
    }
}

/// <summary>On the single Redis server.</summary>
[RequiresTestServer(TestServers.Redis)]
public sealed class RedisWatchPublishTests() : RedisWatchPublishSuite(RedisTestServer.Single);

/// <summary>On the Redis cluster: the publish reaches a subscriber whichever node each is connected to.</summary>
[RequiresTestServer(TestServers.RedisCluster)]
public sealed class RedisClusterWatchPublishTests() : RedisWatchPublishSuite(RedisTestServer.Cluster);
