using Chronos.Storage.Conformance;

namespace Chronos.Storage.Redis.Tests;

/// <summary>Runs the streaming-memory tests alone: live managed memory is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisMemoryMeasurements
{
    public const string Name = "redis memory measurements";
}

/// <summary>
/// The streaming-memory test on Redis. 20,000 events (payloads sized so the whole ledger still costs over twice the
/// bound): the ledger is seeded through the adapter's own append script, one round trip per event, since a bulk load
/// would have to write the record hashes, index entries and locators the script derives.
/// </summary>
public abstract class RedisLedgerStreamingMemorySuite(RedisTestServer server) : LedgerStreamingMemoryTests
{
    private readonly string _prefix = RedisTestServer.NewPrefix("stream");

    protected override int LedgerLength => 20_000;

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

/// <summary>On the single Redis server.</summary>
[RequiresTestServer(TestServers.Redis)]
[Collection(RedisMemoryMeasurements.Name)]
public sealed class RedisLedgerStreamingMemoryTests() : RedisLedgerStreamingMemorySuite(RedisTestServer.Single);

/// <summary>On the Redis cluster.</summary>
[RequiresTestServer(TestServers.RedisCluster)]
[Collection(RedisMemoryMeasurements.Name)]
public sealed class RedisClusterLedgerStreamingMemoryTests() : RedisLedgerStreamingMemorySuite(RedisTestServer.Cluster);
