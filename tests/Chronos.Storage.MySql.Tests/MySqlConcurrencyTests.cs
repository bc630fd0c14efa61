using Chronos.Storage.Conformance;
using Chronos.Storage.Providers;
using Chronos.Storage.Tests.Shared;
using MySqlConnector;
using Xunit;

namespace Chronos.Storage.MySql.Tests;

/// <summary>
/// The multi-client SQL tests (<see cref="SqlServerConcurrencyTests"/>) on MariaDB, and what only MariaDB/MySQL needs:
/// a binary collation for ids and a column length for indexed strings.
/// </summary>
[RequiresTestServer(TestServers.MySql)]
public sealed class MySqlConcurrencyTests : SqlServerConcurrencyTests
{
    private readonly MySqlTestDatabase _database = new();

    protected override Task<string> ConnectionStringAsync() => _database.ConnectionStringAsync();

    protected override async Task<StorageEngine> OpenAsync(string connectionString) => await MySqlStorage.OpenAsync(connectionString);

    protected override StorageEngine CreateUnmigrated(string connectionString) => new MySqlStorage(new MySqlStorageOptions { Dsn = connectionString });

    protected override Task<long> CountAsync(string sql) => _database.CountAsync(sql);

    protected override Task ExecuteAsync(string sql) => _database.ExecuteInDatabaseAsync(sql);

    protected override string DriverActivitySource => "MySqlConnector";

    protected override string DatabaseName => _database.Name;

    // The six entity tables, chronos_schema and chronos_ledger_lock.
    protected override int MigratedTableCount => 8;

    protected override string WithPassword(string connectionString, string password) =>
        new MySqlConnectionStringBuilder(connectionString) { Password = password }.ConnectionString;

    public override Task DisposeAsync() => _database.DisposeAsync().AsTask();

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
