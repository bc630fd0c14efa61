using Chronos.Storage.Conformance;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>The user-entity and migration suite on MongoDB, one database per test (reopened across entity versions).</summary>
[RequiresTestServer(TestServers.Mongo)]
public sealed class MongoUserEntityConformanceTests : UserEntityConformanceTests, IAsyncDisposable
{
    private readonly string _database = MongoTestDatabase.NewName(nameof(MongoUserEntityConformanceTests));

    protected override Task<IStorage> OpenAsync() => Task.FromResult<IStorage>(new MongoStorage(new MongoStorageOptions(MongoTestDatabase.Dsn, _database)));

    public async ValueTask DisposeAsync() => await MongoTestDatabase.DropAsync(await MongoStorage.OpenAsync(MongoTestDatabase.Dsn, _database));
}
