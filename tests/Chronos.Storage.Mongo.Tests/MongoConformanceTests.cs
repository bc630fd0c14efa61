using Chronos.Storage.Conformance;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>
/// The conformance suite on MongoDB (CongoDB here; a real mongod when CHRONOS_TEST_MONGO points at one). Each test runs
/// in its own database, dropped afterwards, so runs repeat and classes run in parallel.
/// </summary>
[RequiresTestServer(TestServers.Mongo)]
public sealed class MongoConformanceTests : StorageConformanceTests
{
    protected override async Task<IStorage> CreateStoreAsync() => await MongoTestDatabase.OpenAsync(nameof(MongoConformanceTests));

    protected override ValueTask DisposeStoreAsync(IStorage store) => MongoTestDatabase.DropAsync((MongoStorage)store);
}
