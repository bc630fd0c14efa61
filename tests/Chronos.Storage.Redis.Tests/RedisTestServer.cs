using Chronos.Storage.Conformance;
using StackExchange.Redis;

namespace Chronos.Storage.Redis.Tests;

/// <summary>The shared test Redis: one connection per test run, a unique key prefix per store, cleanup by prefix (never FLUSHALL).</summary>
internal static class RedisTestServer
{
    private static readonly Lazy<ConnectionMultiplexer> Shared = new(() => ConnectionMultiplexer.Connect(Endpoint + ",allowAdmin=true"));

    public static string Endpoint => TestServers.Get(TestServers.Redis);

    public static ConnectionMultiplexer Connection => Shared.Value;

    public static IDatabase Database => Connection.GetDatabase();

    public static IServer Server => Connection.GetServer(Connection.GetEndPoints()[0]);

    /// <summary>A prefix no other test uses.</summary>
    public static string NewPrefix(string owner) => $"t:{owner}:{Guid.NewGuid():N}:"[..(owner.Length + 15)] + ":";

    public static RedisStorage Open(string prefix) =>
        new(Connection, RedisDsn.Parse(Endpoint, prefix));

    /// <summary>Every key under <paramref name="prefix"/>, sorted.</summary>
    public static List<string> Keys(string prefix) =>
        [.. Server.Keys(pattern: prefix + "*", pageSize: 1000).Select(k => (string)k!).Order(StringComparer.Ordinal)];

    public static async Task DropAsync(string prefix)
    {
        var keys = Server.Keys(pattern: prefix + "*", pageSize: 1000).ToArray();
        if (keys.Length > 0) await Database.KeyDeleteAsync(keys);
    }
}
