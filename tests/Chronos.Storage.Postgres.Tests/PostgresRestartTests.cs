using System.Diagnostics;
using Chronos.Storage.Conformance;
using Xunit;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>Runs alone: restarting the server would break every other test running at the same time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerRestartCollection
{
    public const string Name = "postgres server restart";
}

/// <summary>
/// Stops and restarts the test cluster (tools/test-servers: data dir /tmp/chronos-test-servers/pg/data, run as the
/// postgres user) while a store is open. Kept short (stop, assert, start) because other suites may share the server.
/// </summary>
[Collection(ServerRestartCollection.Name)]
public sealed class PostgresRestartTests : IAsyncLifetime
{
    private const string PgCtl = "/usr/lib/postgresql/15/bin/pg_ctl";
    private static readonly string DataDir = Path.Combine(Environment.GetEnvironmentVariable("SERVERS_ROOT") ?? "/tmp/chronos-test-servers", "pg", "data");
    private readonly PostgresTestSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();

    [ServerFact(TestServers.Postgres)]
    public async Task CallsFailTransientlyWhileTheServerIsDownAndTheSameStoreWorksAfterwards()
    {
        Assert.True(File.Exists(Path.Combine(DataDir, "postmaster.pid")), $"the test cluster is not running from {DataDir}");
        await using var store = await PostgresStorage.OpenAsync(await _schema.ConnectionStringAsync());
        await store.CreateSessionAsync(new Session { Id = "s", AgentId = "a" });
        await store.AppendEventAsync(new Event { Id = "before", SessionId = "s", Type = "t" });

        var port = new Npgsql.NpgsqlConnectionStringBuilder(TestServers.Get(TestServers.Postgres)).Port;
        PgCtlAs("-m fast -w -t 20 stop");
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
            PgCtlAs($"-l {Path.Combine(DataDir, "..", "log.txt")} -w -t 30 -o \"-p {port} -k {Path.GetDirectoryName(DataDir)} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start");
        }

        // Same instance, no reopen: the failed append left nothing behind, and the ledger continues without a gap.
        var after = await store.AppendEventAsync(new Event { Id = "after", SessionId = "s", Type = "t" });
        Assert.Equal(2, after.SeqNum);
        Assert.Equal(["before", "after"], (await store.ListEventsAsync("s")).Select(e => e.Id));
        Assert.NotNull(await store.GetSessionAsync("s"));
    }

    private static void PgCtlAs(string arguments)
    {
        var info = new ProcessStartInfo("su", ["postgres", "-s", "/bin/sh", "-c", $"{PgCtl} -D {DataDir} {arguments}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start su");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) throw new TimeoutException($"pg_ctl {arguments} did not finish");
        Assert.True(process.ExitCode == 0, $"pg_ctl {arguments} failed ({process.ExitCode}): {output.Result}{error.Result}");
    }
}
