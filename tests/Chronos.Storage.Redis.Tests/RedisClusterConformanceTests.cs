using Chronos.Storage.Conformance;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// The shared conformance suite on a real three-primary Redis Cluster. Redis refuses a script or multi-key command
/// whose keys hash to different slots (CROSSSLOT), so the suite passing here is the proof that every atomic step of
/// the adapter stays in one slot, as the key design (hash tags) claims; the steps that span slots by design are the
/// ones the adapter's README lists, done as separate single-slot commands.
/// </summary>
[RequiresTestServer(TestServers.RedisCluster)]
public sealed class RedisClusterConformanceTests : StorageConformanceTests
{
    private readonly string _prefix = RedisTestServer.NewPrefix("cluster");

    protected override async Task<IStorage> CreateStoreAsync()
    {
        var store = RedisClusterServer.Open(_prefix);
        await store.MigrateAsync();
        return store;
    }

    protected override async ValueTask DisposeStoreAsync(IStorage store)
    {
        await store.DisposeAsync();
        await RedisClusterServer.DropAsync(_prefix);
    }
}
