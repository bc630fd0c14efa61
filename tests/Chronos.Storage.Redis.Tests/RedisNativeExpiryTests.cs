using Chronos.Storage.Conformance;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Redis.Tests;

/// <summary>Native expiry on Redis: PEXPIREAT on the record hash and its locator, the server's clock decides.</summary>
public abstract class RedisNativeExpirySuite(RedisTestServer server) : NativeExpiryConformanceTests
{
    private readonly string _prefix = RedisTestServer.NewPrefix("ttl");

    protected override async Task<StorageEngine> CreateStoreAsync()
    {
        var store = server.Open(_prefix);
        await store.MigrateAsync();
        return store;
    }

    protected override async ValueTask DisposeStoreAsync(StorageEngine store)
    {
        await store.DisposeAsync();
        await server.DropAsync(_prefix);
    }
}

/// <summary>On the single Redis server.</summary>
[RequiresTestServer(TestServers.Redis)]
public sealed class RedisNativeExpiryTests() : RedisNativeExpirySuite(RedisTestServer.Single);

/// <summary>On the Redis cluster.</summary>
[RequiresTestServer(TestServers.RedisCluster)]
public sealed class RedisClusterNativeExpiryTests() : RedisNativeExpirySuite(RedisTestServer.Cluster);
