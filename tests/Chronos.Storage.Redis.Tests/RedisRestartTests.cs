using System.Collections.Concurrent;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// The Redis server killed with SIGKILL under load and restarted ~5 s later on the same port (a server of the test's own,
/// <see cref="OwnRedisServer"/>): every failure meanwhile is a <see cref="TransientStorageException"/>, the same store
/// object recovers, no acknowledged append is lost and the ledger stays 1..N.
/// </summary>
public sealed class RedisRestartTests
{
    [Fact]
    public async Task UnderLoadAKilledAndRestartedServerFailsOnlyTransientlyAndLosesNothingAcknowledged()
    {
        using var server = OwnRedisServer.Start();
        await using var store = await RedisStorage.OpenAsync(
            $"127.0.0.1:{server.Port},connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000,connectRetry=1", "restart:");
        var session = (await store.CreateSessionAsync(new Session { Id = "s", AgentId = "a" })).Id;

        var acknowledged = new ConcurrentDictionary<string, long>();
        var transient = 0;
        var others = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();
        async Task Work(Func<int, Task> call)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await call(i);
                }
                catch (TransientStorageException)
                {
                    Interlocked.Increment(ref transient);
                    await Task.Delay(20);
                }
                catch (Exception e)
                {
                    others.Enqueue(e);
                }
            }
        }
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() => Work(async i =>
        {
            var stored = await store.AppendEventAsync(new Event { Id = $"w{w}-{i}", SessionId = session, Type = "t" });
            acknowledged[stored.Id] = stored.SeqNum;
        })));
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() => Work(async _ =>
        {
            await store.ListEventsAsync(session, Math.Max(0, acknowledged.Count - 50));
            await store.GetSessionAsync(session);
        })));
        var workers = writers.Concat(readers).ToArray();

        await Task.Delay(1000);
        var beforeKill = acknowledged.Count;
        server.Kill();
        await Task.Delay(5000);
        var duringOutage = acknowledged.Count;
        server.Restart();
        await Task.Delay(3000);
        stop.Cancel();
        await Task.WhenAll(workers);

        Assert.Empty(others.Select(e => e.GetType().Name + ": " + e.Message));
        Assert.True(transient > 0, "no call failed while the server was down");
        Assert.True(beforeKill > 0, "nothing was appended before the kill");
        Assert.True(acknowledged.Count > duringOutage, "the same store did not recover after the restart");

        // Every acknowledged append is there with its number, and the numbers are exactly 1..N.
        var listed = await store.ListEventsAsync(session);
        Assert.Equal(Enumerable.Range(1, listed.Count).Select(n => (long)n), listed.Select(e => e.SeqNum));
        var stored = listed.ToDictionary(e => e.Id, e => e.SeqNum);
        Assert.All(acknowledged, pair => Assert.Equal(pair.Value, Assert.Contains(pair.Key, (IReadOnlyDictionary<string, long>)stored)));
    }
}
