using Chronos.Storage.Conformance;

namespace Chronos.Storage.Redis.Tests;

/// <summary>The shared conformance suite on the real Redis 7; each test gets its own key prefix, dropped afterwards.</summary>
[RequiresTestServer(TestServers.Redis)]
public sealed class RedisConformanceTests : StorageConformanceTests
{
    private readonly string _prefix = RedisTestServer.NewPrefix("conf");

    protected override async Task<IStorage> CreateStoreAsync()
    {
        var store = RedisTestServer.Open(_prefix);
        await store.MigrateAsync();
        return store;
    }

    protected override async ValueTask DisposeStoreAsync(IStorage store)
    {
        await store.DisposeAsync();
        await RedisTestServer.DropAsync(_prefix);
    }
}
