using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;
using Chronos.Storage.Redis;
using StackExchange.Redis;
using Xunit;

namespace Chronos.Storage.Compatibility;

/// <summary>
/// Redis: the fixture is every key the earlier layout code wrote under its key prefix, with its type and contents
/// (hash fields, sorted-set members and scores, strings), as JSON; the store's key prefix is replaced by a
/// placeholder in keys and values (index-entry fields remember full keys). The test replays it under a fresh prefix
/// with plain commands, on the single server and on the cluster.
/// </summary>
public sealed class RedisCompatibilityTests
{
    private const string Fixture = "redis.json";
    private const string PrefixPlaceholder = "chronos-compat-fixture:";

    [ServerFact(TestServers.Redis)]
    public Task A_key_space_written_by_the_previous_layout_reads_back_and_continues() => ReplayAndVerifyAsync(TestServers.Redis);

    [ServerFact(TestServers.RedisCluster)]
    public Task A_key_space_written_by_the_previous_layout_reads_back_and_continues_on_a_cluster() => ReplayAndVerifyAsync(TestServers.RedisCluster);

    private static async Task ReplayAndVerifyAsync(string server)
    {
        var endpoint = TestServers.Get(server);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(endpoint + ",allowAdmin=true");
        var prefix = $"t:compat:{Guid.NewGuid():N}"[..24] + ":";
        var db = connection.GetDatabase();
        try
        {
            foreach (var entry in JsonNode.Parse(FixtureFiles.Read(Fixture))!["keys"]!.AsArray())
            {
                RedisKey key = (byte[])Value(entry!["key"]!, prefix)!;
                switch ((string)entry["type"]!)
                {
                    case "string":
                        await db.StringSetAsync(key, Value(entry["value"]!, prefix));
                        break;
                    case "hash":
                        await db.HashSetAsync(key, [.. entry["fields"]!.AsArray().Select(f => new HashEntry(Value(f!["name"]!, prefix), Value(f["value"]!, prefix)))]);
                        break;
                    case "zset":
                        await db.SortedSetAddAsync(key, [.. entry["members"]!.AsArray().Select(m => new SortedSetEntry(Value(m!["member"]!, prefix), (double)m["score"]!))]);
                        break;
                    case "list":
                        await db.ListRightPushAsync(key, [.. entry["items"]!.AsArray().Select(i => Value(i!, prefix))]);
                        break;
                    case "set":
                        await db.SetAddAsync(key, [.. entry["members"]!.AsArray().Select(i => Value(i!, prefix))]);
                        break;
                    default:
                        throw new InvalidDataException($"{Fixture}: unknown key type {entry["type"]}");
                }
            }
            await using var store = new RedisStorage(connection, RedisDsn.Parse(endpoint, prefix));
            // A cluster keeps sessions and audit logs in their session's slot (atomic turns): MigrateAsync moves the
            // records the earlier layout put in their agent's slot (adapters/Chronos.Storage.Redis/README.md).
            if (server == TestServers.RedisCluster) await store.MigrateAsync();
            await CompatibilityDataSet.VerifyAndExtendAsync(store);
        }
        finally
        {
            await DropAsync(connection, prefix);
        }
    }

    [FixtureWriterFact]
    public async Task Regenerate_fixture()
    {
        var endpoint = TestServers.Get(TestServers.Redis);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(endpoint + ",allowAdmin=true");
        var prefix = $"t:compatw:{Guid.NewGuid():N}"[..24] + ":";
        try
        {
            await using (var store = new RedisStorage(connection, RedisDsn.Parse(endpoint, prefix)))
            {
                await store.MigrateAsync();
                await CompatibilityDataSet.WriteAsync(store);
            }
            var db = connection.GetDatabase();
            var keys = new JsonArray();
            foreach (var key in Keys(connection, prefix))
            {
                var entry = new JsonObject { ["key"] = Text(key, prefix) };
                var type = await db.KeyTypeAsync(key);
                switch (type)
                {
                    case RedisType.String:
                        entry["type"] = "string";
                        entry["value"] = Text(await db.StringGetAsync(key), prefix);
                        break;
                    case RedisType.Hash:
                        entry["type"] = "hash";
                        entry["fields"] = new JsonArray([.. (await db.HashGetAllAsync(key)).OrderBy(f => (string)f.Name!, StringComparer.Ordinal)
                            .Select(f => (JsonNode)new JsonObject { ["name"] = Text(f.Name, prefix), ["value"] = Text(f.Value, prefix) })]);
                        break;
                    case RedisType.SortedSet:
                        entry["type"] = "zset";
                        entry["members"] = new JsonArray([.. (await db.SortedSetRangeByRankWithScoresAsync(key))
                            .Select(m => (JsonNode)new JsonObject { ["member"] = Text(m.Element, prefix), ["score"] = m.Score })]);
                        break;
                    case RedisType.List:
                        entry["type"] = "list";
                        entry["items"] = new JsonArray([.. (await db.ListRangeAsync(key)).Select(v => Text(v, prefix))]);
                        break;
                    case RedisType.Set:
                        entry["type"] = "set";
                        entry["members"] = new JsonArray([.. (await db.SetMembersAsync(key)).Select(v => Text(v, prefix)).OrderBy(v => v.ToJsonString(), StringComparer.Ordinal)]);
                        break;
                    default:
                        throw new InvalidOperationException($"key {key}: type {type} has no fixture form");
                }
                Assert.Null(await db.KeyTimeToLiveAsync(key)); // the layout sets no expiry; a fixture could not replay one
                keys.Add(entry);
            }
            var fixture = new JsonObject { ["prefixPlaceholder"] = PrefixPlaceholder, ["keys"] = keys };
            FixtureFiles.Write(Fixture, fixture.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        }
        finally
        {
            await DropAsync(connection, prefix);
        }
    }

    /// <summary>A value as JSON: <c>{"text": …}</c> with the prefix placeholdered when it is UTF-8, else <c>{"base64": …}</c>.</summary>
    private static JsonNode Text(RedisValue value, string prefix)
    {
        byte[] bytes = value!;
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return new JsonObject { ["text"] = text.Replace(prefix, PrefixPlaceholder) };
        }
        catch (DecoderFallbackException)
        {
            return new JsonObject { ["base64"] = Convert.ToBase64String(bytes) };
        }
    }

    private static JsonNode Text(RedisKey key, string prefix) => Text((RedisValue)(byte[])key!, prefix);

    private static RedisValue Value(JsonNode node, string prefix) =>
        node["text"] is { } text ? ((string)text!).Replace(PrefixPlaceholder, prefix) : Convert.FromBase64String((string)node["base64"]!);

    private static IEnumerable<RedisKey> Keys(ConnectionMultiplexer connection, string prefix) =>
        connection.GetEndPoints().Select(e => connection.GetServer(e)).Where(s => !s.IsReplica)
            .SelectMany(s => s.Keys(pattern: prefix + "*", pageSize: 1000))
            .OrderBy(k => (string)k!, StringComparer.Ordinal);

    private static async Task DropAsync(ConnectionMultiplexer connection, string prefix)
    {
        foreach (var slot in Keys(connection, prefix).ToList().GroupBy(k => connection.HashSlot(k)))
        {
            await connection.GetDatabase().KeyDeleteAsync([.. slot]);
        }
    }
}
