using Chronos.Storage.Conformance;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>The user-entity and migration suite on PostgreSQL, one fresh schema per test (reopened across entity versions).</summary>
[RequiresTestServer(TestServers.Postgres)]
public sealed class PostgresUserEntityConformanceTests : UserEntityConformanceTests, IAsyncDisposable
{
    private readonly PostgresTestSchema _schema = new();

    protected override async Task<IStorage> OpenAsync() => await PostgresStorage.OpenAsync(await _schema.ConnectionStringAsync(), new PostgresStorageOptions { Migrate = false });

    public ValueTask DisposeAsync() => _schema.DisposeAsync();
}
