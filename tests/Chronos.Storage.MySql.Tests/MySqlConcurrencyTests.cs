using Chronos.Storage.Conformance;
using MySqlConnector;
using Xunit;

namespace Chronos.Storage.MySql.Tests;

/// <summary>What only several independent clients show: the ledger and migrations are safe across processes.</summary>
public sealed class MySqlConcurrencyTests : IAsyncLifetime
{
    private readonly MySqlTestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    [ServerFact(TestServers.MySql)]
    public async Task TwoIndependentStoresAppendingToOneSessionNumberOneToN()
    {
        var connection = await _database.ConnectionStringAsync();
        // Two stores = two sets of connections: no in-process lock is shared, as with two processes.
        await using var a = await MySqlStorage.OpenAsync(connection);
        await using var b = await MySqlStorage.OpenAsync(connection);
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

    [ServerFact(TestServers.MySql)]
    public async Task MigrateFromFourTasksOnAnEmptyDatabaseCreatesItOnce()
    {
        var connection = await _database.ConnectionStringAsync();
        var stores = new List<MySqlStorage>();
        for (var i = 0; i < 4; i++) stores.Add(new MySqlStorage(new MySqlStorageOptions { Dsn = connection }));
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var migrations = stores.Select(s => Task.Run(async () => { await start.Task; await s.MigrateAsync(); })).ToArray();
            start.SetResult();
            await Task.WhenAll(migrations);

            // Every built-in entity at the code's version (AuditLog is at 2 since issue 16's by_session index).
            Assert.Equal(6L, await _database.CountAsync("SELECT count(*) FROM chronos_schema WHERE version = CASE storage_name WHEN 'audit_logs' THEN 2 ELSE 1 END"));
            // The six entity tables, chronos_schema and chronos_ledger_lock.
            Assert.Equal(8L, await _database.CountAsync($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{_database.Name}'"));
            var created = await stores[3].CreateSessionAsync(new Session { Id = "s", AgentId = "a" });
            RecordAssert.Same(created, await stores[0].GetSessionAsync("s"));
            // The migration lock was released: another migration does not wait for it.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await stores[1].MigrateAsync(timeout.Token);
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }

    [ServerFact(TestServers.MySql)]
    public async Task AStoreNewerThanTheCodeIsRefused()
    {
        var connection = await _database.ConnectionStringAsync();
        await using (await MySqlStorage.OpenAsync(connection)) { }
        await MySqlTestDatabase.ExecuteAsync($"UPDATE `{_database.Name}`.chronos_schema SET version = 7 WHERE storage_name = 'sessions'");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => MySqlStorage.OpenAsync(connection));

        Assert.Equal("Session", error.Entity);
        Assert.Equal(7, error.StoredVersion);
    }

    [ServerFact(TestServers.MySql)]
    public async Task WrongPasswordIsAConfigurationErrorWithoutThePassword()
    {
        var connection = new MySqlConnectionStringBuilder(await _database.ConnectionStringAsync()) { Password = "Wr0ngPassw0rd" }.ConnectionString;

        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => MySqlStorage.OpenAsync(connection));

        Assert.DoesNotContain("Wr0ngPassw0rd", error.ToString(), StringComparison.Ordinal);
    }

    [ServerFact(TestServers.MySql)]
    public async Task IdsDifferingOnlyInCaseAreTwoRecords()
    {
        await using var store = await MySqlStorage.OpenAsync(await _database.ConnectionStringAsync());

        await store.CreateSessionAsync(new Session { Id = "Case", AgentId = "a" });
        await store.CreateSessionAsync(new Session { Id = "case", AgentId = "a" });

        Assert.Equal("Case", (await store.GetSessionAsync("Case"))!.Id);
        Assert.Equal("case", (await store.GetSessionAsync("case"))!.Id);
        Assert.Null(await store.GetSessionAsync("CASE"));
    }

    [ServerFact(TestServers.MySql)]
    public async Task AKeyLongerThanItsColumnIsRefusedNamingTheFieldNotTruncated()
    {
        await using var store = await MySqlStorage.OpenAsync(await _database.ConnectionStringAsync());
        var id = new string('x', MySqlDialect.IndexedStringLength + 1);

        var error = await Assert.ThrowsAsync<FieldTooLongException>(() => store.CreateSessionAsync(new Session { Id = id, AgentId = "a" }));

        Assert.Equal("id", error.Field);
        Assert.Equal("Session", error.Entity);
        Assert.Null(await store.GetSessionAsync(id[..MySqlDialect.IndexedStringLength]));
        // The longest allowed key is stored whole.
        var longest = id[..MySqlDialect.IndexedStringLength];
        await store.CreateSessionAsync(new Session { Id = longest, AgentId = "a" });
        Assert.Equal(longest, (await store.GetSessionAsync(longest))!.Id);
    }
}
