using Chronos.Storage.Conformance;
using StackExchange.Redis;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// A test Redis started by tools/test-servers: the single server (<see cref="Single"/>) or the three-primary cluster
/// (<see cref="Cluster"/>). One connection per test run, a unique key prefix per store, cleanup by prefix on every
/// primary (never FLUSHALL).
/// </summary>
public sealed class RedisTestServer
{
    private readonly string _variable;
    private readonly Lazy<ConnectionMultiplexer> _connection;

    private RedisTestServer(string variable)
    {
        _variable = variable;
        _connection = new(() => ConnectionMultiplexer.Connect(Endpoint + ",allowAdmin=true"));
    }

    /// <summary>The single server (<see cref="TestServers.Redis"/>).</summary>
    public static RedisTestServer Single { get; } = new(TestServers.Redis);

    /// <summary>The cluster (<see cref="TestServers.RedisCluster"/>).</summary>
    public static RedisTestServer Cluster { get; } = new(TestServers.RedisCluster);

    /// <summary>A prefix no other test uses.</summary>
    public static string NewPrefix(string owner) => $"t:{owner}:{Guid.NewGuid():N}:"[..(owner.Length + 15)] + ":";

    public string Endpoint => TestServers.Get(_variable);

    public ConnectionMultiplexer Connection => _connection.Value;

    public IDatabase Database => Connection.GetDatabase();

    /// <summary>The first primary (the only one of the single server).</summary>
    public IServer Server => Primaries.First();

    public IEnumerable<IServer> Primaries => Connection.GetEndPoints().Select(e => Connection.GetServer(e)).Where(s => !s.IsReplica);

    public RedisStorage Open(string prefix) => new(Connection, RedisDsn.Parse(Endpoint, prefix));

    /// <summary>Every key under <paramref name="prefix"/> on every primary, sorted.</summary>
    public List<string> Keys(string prefix) =>
        [.. Primaries.SelectMany(s => s.Keys(pattern: prefix + "*", pageSize: 1000)).Select(k => (string)k!).Order(StringComparer.Ordinal)];

    /// <summary>Deletes every key under <paramref name="prefix"/>: one DEL per slot, which a cluster requires.</summary>
    public async Task DropAsync(string prefix)
    {
        foreach (var slot in Keys(prefix).Select(k => (RedisKey)k).GroupBy(k => Connection.HashSlot(k)))
        {
            await Database.KeyDeleteAsync([.. slot]);
        }
    }
}
