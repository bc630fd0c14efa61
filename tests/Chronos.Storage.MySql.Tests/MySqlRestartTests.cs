using Chronos.Storage.Conformance;
using Xunit;

namespace Chronos.Storage.MySql.Tests;

/// <summary>
/// Stops and restarts a MariaDB server of the test's own (<see cref="MariaDbProcess"/>) while a store is open: calls
/// fail with <see cref="TransientStorageException"/> while it is down, and the same store works once it is back.
/// Needs the mariadb-server package (tools/test-servers installs it); runs wherever the MariaDB suite runs.
/// </summary>
public sealed class MySqlRestartTests
{
    [ServerFact(TestServers.MySql)]
    public async Task CallsFailTransientlyWhileTheServerIsDownAndTheSameStoreWorksAfterwards()
    {
        await using var server = await MariaDbProcess.StartNewAsync();
        await using var store = await MySqlStorage.OpenAsync(server.Dsn);
        await store.CreateSessionAsync(new Session { Id = "s", AgentId = "a" });
        await store.AppendEventAsync(new Event { Id = "before", SessionId = "s", Type = "t" });

        await server.StopAsync();
        try
        {
            var append = await Assert.ThrowsAsync<TransientStorageException>(() =>
                store.AppendEventAsync(new Event { Id = "during", SessionId = "s", Type = "t" }));
            Assert.Equal("mysql", append.Backend);
            Assert.Contains("Append", append.Operation, StringComparison.Ordinal);
            Assert.DoesNotContain("chronos:chronos", append.ToString(), StringComparison.Ordinal);
            await Assert.ThrowsAsync<TransientStorageException>(() => store.GetSessionAsync("s"));
            await Assert.ThrowsAsync<TransientStorageException>(() => store.ListEventsAsync("s"));
        }
        finally
        {
            await server.StartAsync();
        }

        // Same instance, no reopen: the failed append left nothing behind, and the ledger continues without a gap.
        var after = await store.AppendEventAsync(new Event { Id = "after", SessionId = "s", Type = "t" });
        Assert.Equal(2, after.SeqNum);
        Assert.Equal(["before", "after"], (await store.ListEventsAsync("s")).Select(e => e.Id));
        Assert.NotNull(await store.GetSessionAsync("s"));
    }
}
