using Chronos.Storage.Conformance;
using Xunit;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>What only several independent clients show: the ledger and migrations are safe across processes.</summary>
public sealed class PostgresConcurrencyTests : IAsyncLifetime
{
    private readonly PostgresTestSchema _schema = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _schema.DisposeAsync().AsTask();

    [ServerFact(TestServers.Postgres)]
    public async Task TwoIndependentDataSourcesAppendingToOneSessionNumberOneToN()
    {
        var connection = await _schema.ConnectionStringAsync();
        // Two stores = two data sources with their own connections: no in-process lock is shared, as with two processes.
        await using var a = await PostgresStorage.OpenAsync(connection);
        await using var b = await PostgresStorage.OpenAsync(connection);
        const int perWriter = 100;

        async Task Append(IStorage store, string prefix, int writer)
        {
            for (var i = 0; i < perWriter; i++)
            {
                await store.AppendEventAsync(new Event { Id = $"{prefix}{writer}-{i}", SessionId = "shared", Type = "t" });
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(w => new[] { Task.Run(() => Append(a, "a", w)), Task.Run(() => Append(b, "b", w)) }));

        var listed = await a.ListEventsAsync("shared");
        Assert.Equal(Enumerable.Range(1, 6 * perWriter).Select(i => (long)i), listed.Select(e => e.SeqNum));
        Assert.Equal(6 * perWriter, listed.Select(e => e.Id).Distinct().Count());
    }

    [ServerFact(TestServers.Postgres)]
    public async Task OneEventIdAppendedToTwoSessionsAtOnceIsStoredOnceAndBothCallersGetThatEvent()
    {
        var connection = await _schema.ConnectionStringAsync();
        // Two sessions do not share the ledger lock, so only the id's uniqueness decides: one insert wins, the other
        // waits for it on the unique index and answers with the stored event (idempotent by id), every time.
        await using var a = await PostgresStorage.OpenAsync(connection);
        await using var b = await PostgresStorage.OpenAsync(connection);
        for (var i = 0; i < 50; i++)
        {
            var id = $"race-{i}";
            var results = await Task.WhenAll(
                Task.Run(() => a.AppendEventAsync(new Event { Id = id, SessionId = "left", Type = "t" })),
                Task.Run(() => b.AppendEventAsync(new Event { Id = id, SessionId = "right", Type = "t" })));

            Assert.Equal(results[0].SessionId, results[1].SessionId);
            Assert.Equal(results[0].SeqNum, results[1].SeqNum);
        }
        var left = await a.ListEventsAsync("left");
        var right = await a.ListEventsAsync("right");
        Assert.Equal(50, left.Count + right.Count);
        Assert.Equal(50, left.Concat(right).Select(e => e.Id).Distinct().Count());
        // Each session's numbers are still 1..n with no gap left by the losing appends.
        Assert.Equal(Enumerable.Range(1, left.Count).Select(n => (long)n), left.Select(e => e.SeqNum));
        Assert.Equal(Enumerable.Range(1, right.Count).Select(n => (long)n), right.Select(e => e.SeqNum));
    }

    [ServerFact(TestServers.Postgres)]
    public async Task MigrateFromFourTasksOnAnEmptySchemaCreatesItOnce()
    {
        var connection = await _schema.ConnectionStringAsync();
        var stores = new List<PostgresStorage>();
        for (var i = 0; i < 4; i++) stores.Add(new PostgresStorage(new PostgresStorageOptions { Dsn = connection }));
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var migrations = stores.Select(s => Task.Run(async () => { await start.Task; await s.MigrateAsync(); })).ToArray();
            start.SetResult();
            await Task.WhenAll(migrations);

            Assert.Equal(6L, await _schema.ScalarAsync<long>("SELECT count(*) FROM chronos_schema"));
            // Every built-in entity at the code's version (AuditLog is at 2 since issue 16's by_session index).
            Assert.Equal(6L, await _schema.ScalarAsync<long>("SELECT count(*) FROM chronos_schema WHERE version = CASE storage_name WHEN 'audit_logs' THEN 2 ELSE 1 END"));
            Assert.Equal(7L, await _schema.ScalarAsync<long>(
                $"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{_schema.Name}'"));
            var created = await stores[3].CreateSessionAsync(new Session { Id = "s", AgentId = "a" });
            RecordAssert.Same(created, await stores[0].GetSessionAsync("s"));
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }

    [ServerFact(TestServers.Postgres)]
    public async Task AStoreNewerThanTheCodeIsRefused()
    {
        var connection = await _schema.ConnectionStringAsync();
        await using (await PostgresStorage.OpenAsync(connection)) { }
        await PostgresTestSchema.ExecuteAsync($"UPDATE \"{_schema.Name}\".chronos_schema SET version = 7 WHERE storage_name = 'sessions'");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => PostgresStorage.OpenAsync(connection));

        Assert.Equal("Session", error.Entity);
        Assert.Equal(7, error.StoredVersion);
    }

    [ServerFact(TestServers.Postgres)]
    public async Task WrongPasswordIsAConfigurationErrorWithoutThePassword()
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(await _schema.ConnectionStringAsync()) { Password = "Wr0ngPassw0rd" }.ConnectionString;

        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => PostgresStorage.OpenAsync(connection));

        Assert.DoesNotContain("Wr0ngPassw0rd", error.ToString(), StringComparison.Ordinal);
    }
}
