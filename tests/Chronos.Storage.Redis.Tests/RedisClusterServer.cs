using Chronos.Storage.Conformance;
using StackExchange.Redis;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// The test Redis Cluster (three primaries, started by tools/test-servers): one connection per test run, a unique key
/// prefix per store, cleanup by prefix on every primary, one key per DEL (keys of one prefix live in many slots).
/// </summary>
internal static class RedisClusterServer
{
    private static readonly Lazy<ConnectionMultiplexer> Shared = new(() => ConnectionMultiplexer.Connect(Endpoints + ",allowAdmin=true"));

    public static string Endpoints => TestServers.Get(TestServers.RedisCluster);

    public static ConnectionMultiplexer Connection => Shared.Value;

    public static RedisStorage Open(string prefix) => new(Connection, RedisDsn.Parse(Endpoints, prefix));

    public static async Task DropAsync(string prefix)
    {
        var db = Connection.GetDatabase();
        foreach (var endpoint in Connection.GetEndPoints())
        {
            var server = Connection.GetServer(endpoint);
            if (server.IsReplica) continue;
            foreach (var key in server.Keys(pattern: prefix + "*", pageSize: 1000).ToArray())
            {
                await db.KeyDeleteAsync(key);
            }
        }
    }
}
