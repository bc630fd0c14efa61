using Chronos.Storage.Conformance;

namespace Chronos.Storage.Redis.Tests;

/// <summary>The shared conformance suite on a test Redis; each test gets its own key prefix, dropped afterwards.</summary>
public abstract class RedisConformanceSuite(RedisTestServer server) : StorageConformanceTests
{
    private readonly string _prefix = RedisTestServer.NewPrefix("conf");

    protected override async Task<IStorage> CreateStoreAsync()
    {
        var store = server.Open(_prefix);
        await store.MigrateAsync();
        return store;
    }

    protected override async ValueTask DisposeStoreAsync(IStorage store)
    {
        await store.DisposeAsync();
        await server.DropAsync(_prefix);
    }
}

/// <summary>The conformance suite on the real Redis 7 server.</summary>
[RequiresTestServer(TestServers.Redis)]
public sealed class RedisConformanceTests() : RedisConformanceSuite(RedisTestServer.Single);

/// <summary>
/// The conformance suite on a real three-primary Redis Cluster. StackExchange.Redis and the server both refuse a script
/// or multi-key command whose keys hash to different slots (<see cref="RedisClusterSlotTests"/>), so the suite passing
/// here is the proof that every atomic step of the adapter stays in one slot, as its key design (hash tags) claims; the
/// steps that span slots by design (the adapter's README lists them) are separate single-slot commands. A turn is one
/// script in its session's slot: the cluster layout puts every record of the turn there (<see cref="RedisClusterTurnTests"/>).
/// </summary>
[RequiresTestServer(TestServers.RedisCluster)]
public sealed class RedisClusterConformanceTests() : RedisConformanceSuite(RedisTestServer.Cluster);
