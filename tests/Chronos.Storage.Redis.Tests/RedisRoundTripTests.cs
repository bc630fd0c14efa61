using Chronos.Storage.Conformance;

namespace Chronos.Storage.Redis.Tests;

/// <summary>Runs alone (no other test class of this assembly in parallel) because it reads server-wide command statistics.</summary>
[CollectionDefinition(nameof(CommandStatisticsCollection), DisableParallelization = true)]
public sealed class CommandStatisticsCollection;

/// <summary>
/// Measures with Redis's own <c>INFO commandstats</c> what listing N records costs: one index read and one HGETALL
/// per record, sent as one pipelined batch; no per-record locator reads, scripts or retries.
/// </summary>
[Collection(nameof(CommandStatisticsCollection))]
public sealed class RedisRoundTripTests
{
    [ServerFact(TestServers.Redis)]
    public async Task ListingNEventsCostsOneIndexReadAndOneBatchedReadPerRecordWhateverN()
    {
        var prefix = RedisTestServer.NewPrefix("rt");
        await using var store = RedisTestServer.Single.Open(prefix);
        try
        {
            var costs = new List<Dictionary<string, long>>();
            foreach (var n in new[] { 10, 200 })
            {
                var session = "s" + n;
                for (var i = 0; i < n; i++) await store.AppendEventAsync(new Event { Id = $"e{n}-{i}", SessionId = session, Type = "t" });
                var before = await CommandCounts();
                var events = await store.ListEventsAsync(session);
                var after = await CommandCounts();
                Assert.Equal(n, events.Count);
                var delta = after.Keys.ToDictionary(k => k, k => after[k] - before.GetValueOrDefault(k)).Where(p => p.Value != 0 && p.Key != "info")
                    .ToDictionary(p => p.Key, p => p.Value);
                costs.Add(delta);
                Assert.Equal(1, delta.GetValueOrDefault("zrangebylex"));
                Assert.Equal(n, delta.GetValueOrDefault("hgetall"));
                Assert.Equal(["hgetall", "zrangebylex"], delta.Keys.Order());
            }
            // Everything but the per-record HGETALL (which Redis has no multi-key form of) is constant in N.
            Assert.Equal(costs[0]["zrangebylex"], costs[1]["zrangebylex"]);
        }
        finally
        {
            await RedisTestServer.Single.DropAsync(prefix);
        }
    }

    private static async Task<Dictionary<string, long>> CommandCounts()
    {
        var info = await RedisTestServer.Single.Server.InfoAsync("commandstats");
        var counts = new Dictionary<string, long>();
        foreach (var pair in info.SelectMany(g => g))
        {
            // cmdstat_hgetall => calls=12,usec=...
            var calls = pair.Value.Split(',')[0];
            counts[pair.Key["cmdstat_".Length..]] = long.Parse(calls["calls=".Length..]);
        }
        return counts;
    }
}
