using Xunit;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>
/// Stops and restarts a PostgreSQL server of the test's own (<see cref="OwnPostgresServer"/>) while a store is open,
/// so the shared test server that other suites (and other test runs) use is never touched.
/// </summary>
public sealed class PostgresRestartTests
{
    [Fact]
    public async Task CallsFailTransientlyWhileTheServerIsDownAndTheSameStoreWorksAfterwards()
    {
        Assert.True(OwnPostgresServer.IsAvailable, "PostgreSQL 15's server binaries are missing (/usr/lib/postgresql/15/bin)");
        using var server = OwnPostgresServer.Start();
        await using var store = await PostgresStorage.OpenAsync(server.Dsn);
        await store.CreateSessionAsync(new Session { Id = "s", AgentId = "a" });
        await store.AppendEventAsync(new Event { Id = "before", SessionId = "s", Type = "t" });

        server.StopImmediately();
        try
        {
            var append = await Assert.ThrowsAsync<TransientStorageException>(() =>
                store.AppendEventAsync(new Event { Id = "during", SessionId = "s", Type = "t" }));
            Assert.Equal("postgres", append.Backend);
            Assert.Contains("Append", append.Operation, StringComparison.Ordinal);
            await Assert.ThrowsAsync<TransientStorageException>(() => store.GetSessionAsync("s"));
            await Assert.ThrowsAsync<TransientStorageException>(() => store.ListEventsAsync("s"));
        }
        finally
        {
            server.Restart();
        }

        // Same instance, no reopen: the failed append left nothing behind, and the ledger continues without a gap.
        var after = await store.AppendEventAsync(new Event { Id = "after", SessionId = "s", Type = "t" });
        Assert.Equal(2, after.SeqNum);
        Assert.Equal(["before", "after"], (await store.ListEventsAsync("s")).Select(e => e.Id));
        Assert.NotNull(await store.GetSessionAsync("s"));
    }
}
