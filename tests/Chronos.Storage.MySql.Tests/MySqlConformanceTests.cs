using Chronos.Storage.Conformance;
using Xunit;

namespace Chronos.Storage.MySql.Tests;

/// <summary>Shares one fresh database between the tests of a class (the suite's ids are unique per test).</summary>
public sealed class MySqlDatabaseFixture : IAsyncLifetime
{
    public MySqlTestDatabase Database { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Database.DisposeAsync().AsTask();
}

/// <summary>The conformance suite on MariaDB 10.11, in a database of its own.</summary>
[RequiresTestServer(TestServers.MySql)]
public sealed class MySqlConformanceTests(MySqlDatabaseFixture fixture) : StorageConformanceTests, IClassFixture<MySqlDatabaseFixture>
{
    protected override async Task<IStorage> CreateStoreAsync() =>
        await MySqlStorage.OpenAsync(await fixture.Database.ConnectionStringAsync());
}

/// <summary>The user-entity and migration suite on MariaDB, one fresh database per test (reopened across entity versions).</summary>
[RequiresTestServer(TestServers.MySql)]
public sealed class MySqlUserEntityConformanceTests : UserEntityConformanceTests, IAsyncDisposable
{
    private readonly MySqlTestDatabase _database = new();

    protected override async Task<IStorage> OpenAsync() =>
        await MySqlStorage.OpenAsync(await _database.ConnectionStringAsync(), new MySqlStorageOptions { Migrate = false });

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
