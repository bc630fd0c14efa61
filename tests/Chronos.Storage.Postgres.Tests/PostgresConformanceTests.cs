using Chronos.Storage.Conformance;
using Xunit;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>Shares one fresh schema between the tests of a class (the suite's ids are unique per test).</summary>
public sealed class PostgresSchemaFixture : IAsyncLifetime
{
    public PostgresTestSchema Schema { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Schema.DisposeAsync().AsTask();
}

/// <summary>The conformance suite on PostgreSQL 15, in a schema of its own.</summary>
[RequiresTestServer(TestServers.Postgres)]
public sealed class PostgresConformanceTests(PostgresSchemaFixture fixture) : StorageConformanceTests, IClassFixture<PostgresSchemaFixture>
{
    protected override async Task<IStorage> CreateStoreAsync() =>
        await PostgresStorage.OpenAsync(await fixture.Schema.ConnectionStringAsync());
}
