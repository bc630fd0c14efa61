using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;
using StackExchange.Redis;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// What makes <see cref="RedisClusterConformanceTests"/> mean something: the cluster really refuses cross-slot
/// scripts, and one agent's data really lands on several primaries, so the suite's scripts ran against slot rules.
/// </summary>
public sealed class RedisClusterSlotTests
{
    [ServerFact(TestServers.RedisCluster)]
    public async Task A_script_whose_keys_are_in_two_slots_is_refused_by_client_and_server()
    {
        var db = RedisTestServer.Cluster.Database;
        var prefix = RedisTestServer.NewPrefix("slots");
        RedisKey[] keys = [prefix + "{a}:x", prefix + "{b}:y"];
        Assert.NotEqual(RedisTestServer.Cluster.Connection.HashSlot(keys[0]), RedisTestServer.Cluster.Connection.HashSlot(keys[1]));

        // The client refuses before sending...
        var refused = await Assert.ThrowsAsync<RedisCommandException>(() => db.ScriptEvaluateAsync("return 1", keys));
        Assert.Contains("slot", refused.Message, StringComparison.OrdinalIgnoreCase);
        // ...and the server refuses too, when the same script reaches it directly.
        var server = RedisTestServer.Cluster.Server;
        var error = await Assert.ThrowsAnyAsync<RedisException>(() => server.ExecuteAsync("EVAL", "return 1", "2", (string)keys[0]!, (string)keys[1]!));
        Assert.Contains("CROSSSLOT", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [ServerFact(TestServers.RedisCluster)]
    public async Task One_agent_spreads_over_several_primaries_and_every_record_shares_a_slot_with_its_local_index()
    {
        var prefix = RedisTestServer.NewPrefix("spread");
        await using var store = RedisTestServer.Cluster.Open(prefix);
        try
        {
            await store.MigrateAsync();
            for (var i = 0; i < 12; i++)
            {
                var session = await store.CreateSessionAsync(new Session { Id = $"s{i}", AgentId = "agent-1" });
                await store.AppendEventAsync(new Event { Id = $"e{i}", SessionId = session.Id, Type = "t", Payload = new JsonObject { ["i"] = i } });
                await store.SaveCheckpointAsync(new Checkpoint { Id = $"c{i}", SessionId = session.Id, SeqNum = 1, State = new JsonObject() });
            }
            Assert.Equal(12, (await store.ListSessionsAsync("agent-1", 100)).Count);

            var connection = RedisTestServer.Cluster.Connection;
            var keysByPrimary = RedisTestServer.Cluster.Primaries
                .Select(s => s.Keys(pattern: prefix + "*", pageSize: 1000).Select(k => (string)k!).ToList()).ToList();
            Assert.True(keysByPrimary.Count(keys => keys.Count > 0) >= 2, "the sessions' keys should land on more than one primary");

            // events:{s3}:e3, events:by_session:{s3} and its counter: one hash tag, one slot.
            foreach (var i in new[] { 0, 5, 11 })
            {
                var slots = keysByPrimary.SelectMany(k => k).Where(k => k.Contains($"{{s{i}}}", StringComparison.Ordinal))
                    .Select(k => connection.HashSlot(k)).Distinct().ToList();
                Assert.Single(slots);
            }
        }
        finally
        {
            await RedisTestServer.Cluster.DropAsync(prefix);
        }
    }
}
