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
                var run = await TurnFaultWorkload.StartPastFirstTurnAsync(store, "s", turn => Interlocked.Exchange(ref acknowledged, turn), TimeSpan.FromMilliseconds(300 + 250 * round), stop.Token);
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
