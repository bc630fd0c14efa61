using Chronos.Storage.Conformance;
using Xunit;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>
/// A PostgreSQL server of the test's own (<see cref="OwnPostgresServer"/>) stopped abruptly (<c>pg_ctl -m immediate</c>)
/// while turns are being committed, several times: after each restart (crash recovery) the database holds whole turns
/// only, every acknowledged turn among them.
/// </summary>
public sealed class PostgresTurnFaultTests
{
    [Fact]
    public async Task TurnsAreWholeAfterTheServerIsStoppedMidRun()
    {
        Assert.True(OwnPostgresServer.IsAvailable, "PostgreSQL 15's server binaries are missing (/usr/lib/postgresql/15/bin)");
        using var server = OwnPostgresServer.Start();
        long acknowledged = 0;
        for (var round = 1; round <= 3; round++)
        {
            await using (var store = await PostgresStorage.OpenAsync(server.Dsn))
            {
                await store.MigrateAsync();
                using var stop = new CancellationTokenSource();
                var run = await TurnFaultWorkload.StartPastFirstTurnAsync(store, "s", turn => Interlocked.Exchange(ref acknowledged, turn), TimeSpan.FromMilliseconds(500 + 300 * round), stop.Token);
                server.StopImmediately();
                var error = await run.WaitAsync(TimeSpan.FromSeconds(60));
                Assert.IsType<TransientStorageException>(error);
            }
            server.Restart();
            await using (var store = await PostgresStorage.OpenAsync(server.Dsn))
            {
                var committed = await TurnFaultWorkload.AssertWholeTurnsAsync(store, "s");
                Assert.True(committed > 0, "no turn was committed before the stop");
                Assert.InRange(committed, Interlocked.Read(ref acknowledged), Interlocked.Read(ref acknowledged) + 1);
            }
        }
    }
}
