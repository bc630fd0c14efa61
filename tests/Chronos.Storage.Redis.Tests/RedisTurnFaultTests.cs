using Chronos.Storage.Conformance;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// A Redis server of the test's own (<see cref="OwnRedisServer"/>, append-only file fsynced always) killed with SIGKILL
/// while turns are being committed, several times: after each restart the store holds whole turns only (the turn is
/// one script, logged as one unit), every acknowledged turn among them.
/// </summary>
public sealed class RedisTurnFaultTests
{
    [Fact]
    public async Task TurnsAreWholeAfterTheServerIsKilledMidRun()
    {
        using var server = OwnRedisServer.Start();
        var dsn = $"127.0.0.1:{server.Port},connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000,connectRetry=1";
        long acknowledged = 0;
        for (var round = 1; round <= 3; round++)
        {
            await using (var store = await RedisStorage.OpenAsync(dsn, "turns:"))
            {
                using var stop = new CancellationTokenSource();
                var before = Interlocked.Read(ref acknowledged);
                var run = TurnFaultWorkload.RunAsync(store, "s", turn => Interlocked.Exchange(ref acknowledged, turn), stop.Token);
                await Task.Delay(300 + 250 * round);
                // On a loaded machine the workload may not have created its session or committed a turn yet: the kill
                // must land mid-run, after this round's first acknowledged turn, not before the run began.
                using (var started = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
                {
                    while (Interlocked.Read(ref acknowledged) == before && !run.IsCompleted) await Task.Delay(20, started.Token);
                }
                server.Kill();
                var error = await run.WaitAsync(TimeSpan.FromSeconds(30));
                Assert.IsType<TransientStorageException>(error);
            }
            server.Restart();
            await using (var store = await RedisStorage.OpenAsync(dsn, "turns:"))
            {
                var committed = await TurnFaultWorkload.AssertWholeTurnsAsync(store, "s");
                Assert.True(committed > 0, "no turn was committed before the kill");
                Assert.InRange(committed, Interlocked.Read(ref acknowledged), Interlocked.Read(ref acknowledged) + 1);
            }
        }
    }
}
