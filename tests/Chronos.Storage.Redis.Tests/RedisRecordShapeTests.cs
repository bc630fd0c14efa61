using System.Text;
using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;
using StackExchange.Redis;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// The two shapes records take on the hot paths: hash fields read back by comparing the server's name bytes (in any
/// order, index entries told apart), and the append script's ARGV built straight from the visitor.
/// </summary>
public sealed class RedisRecordShapeTests() : RedisStoreTest("shape")
{
    private static readonly DateTime T0 = new(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    private static HashEntry Bytes(string name, string value) => new(Encoding.UTF8.GetBytes(name), value);

    [Fact]
    public void Hash_entries_land_on_their_ordinals_in_any_order_and_the_index_entry_is_returned()
    {
        var layout = RedisEntityStore<Event>.Shape;
        var names = new RedisHashFieldNames(layout.HashFields);
        var entries = new[]
        {
            Bytes("created_at", "2025-03-04T05:06:07.000000Z"), Bytes("_ix:by_session", "entry-text"), Bytes("type", "t"),
            Bytes("unknown_field", "ignored"), Bytes("id", "e1"), Bytes("seq_num", "42"), Bytes("session_id", "s1"),
        };
        var values = new RedisValue[layout.HashFields.Length];
        values[0] = "left over from the previous row";

        var entry = RedisRecordReader.ByOrdinal(entries, names, values, Encoding.UTF8.GetBytes("_ix:by_session"));

        Assert.Equal("entry-text", (string?)entry);
        for (var ordinal = 0; ordinal < layout.HashFields.Length; ordinal++)
        {
            var expected = entries.Where(e => (string?)e.Name == layout.HashFields[ordinal]).Select(e => (string?)e.Value).SingleOrDefault();
            Assert.Equal(expected, (string?)values[ordinal]);
        }
        Assert.True(values[Array.IndexOf([.. layout.HashFields], "payload")].IsNull);
    }

    [Fact]
    public void Without_an_entry_field_nothing_is_taken_for_one()
    {
        var names = new RedisHashFieldNames(RedisEntityStore<Event>.Shape.HashFields);
        var values = new RedisValue[RedisEntityStore<Event>.Shape.HashFields.Length];
        Assert.True(RedisRecordReader.ByOrdinal([Bytes("", "x"), Bytes("id", "e1")], names, values, default).IsNull);
        Assert.Equal(-1, names.OrdinalOf("_ix:by_session"u8, 3));
        Assert.Equal(RedisEntityStore<Event>.Shape.HashFields.IndexOf("id"), names.OrdinalOf("id"u8, 5));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Append_arguments_hold_one_pair_per_set_field_except_the_assigned_one(bool withPayload)
    {
        var layout = RedisEntityStore<Event>.Shape;
        var seqOrdinal = layout.HashFields.IndexOf("seq_num");
        var e = new Event { Id = "e1", SessionId = "s1", SeqNum = 9, Type = "t", Payload = withPayload ? new JsonObject { ["a"] = 1 } : null, CreatedAt = T0 };

        var (args, pairs) = RedisEntityStore<Event>.ScriptArguments(e, leading: 5, skippedOrdinal: seqOrdinal);

        var expected = new List<(string, string)> { ("id", "e1"), ("session_id", "s1"), ("type", "t") };
        if (withPayload) expected.Add(("payload", "{\"a\":1}"));
        expected.Add(("created_at", "2025-03-04T05:06:07.000000Z"));
        Assert.Equal(expected.Count, pairs);
        Assert.Equal(5 + 2 * pairs, args.Length); // sized exactly: no empty trailing arguments on the wire
        var written = Enumerable.Range(0, pairs).Select(i => ((string)args[5 + 2 * i]!, (string)args[6 + 2 * i]!));
        Assert.Equal(expected.OrderBy(p => p.Item1), written.OrderBy(p => p.Item1));
        Assert.All(args[..5], a => Assert.True(a.IsNull)); // the caller's slots are left to the caller
    }

    [ServerFact(TestServers.Redis)]
    public async Task A_record_whose_hash_fields_were_written_in_another_order_reads_back_the_same()
    {
        var appended = await Store.AppendEventAsync(new Event { Id = "e1", SessionId = "s1", Type = "t", Payload = new JsonObject { ["n"] = 1 } });
        var key = Store.Options.KeyPrefix + "events:{s1}:e1";
        var db = RedisTestServer.Single.Database;
        var hash = await db.HashGetAllAsync(key);
        Assert.NotEmpty(hash);
        await db.KeyDeleteAsync(key);
        await db.HashSetAsync(key, [.. hash.Reverse()]);

        RecordAssert.Same(appended, await Store.Entities<Event>().GetAsync("e1"));
        RecordAssert.Same(appended, Assert.Single(await Store.ListEventsAsync("s1")));
    }

    [ServerFact(TestServers.Redis)]
    public async Task AStored_number_that_is_not_one_is_a_typed_error_naming_the_record_and_field()
    {
        await Store.AppendEventAsync(new Event { Id = "e1", SessionId = "s1", Type = "t" });
        await RedisTestServer.Single.Database.HashSetAsync(Store.Options.KeyPrefix + "events:{s1}:e1", "seq_num", "12x");

        var error = await Assert.ThrowsAsync<StoredRecordFormatException>(() => Store.Entities<Event>().GetAsync("e1"));
        Assert.Contains("'e1'", error.Message);
        Assert.Contains("seq_num", error.Message);
        Assert.Contains("12x", error.Message);
    }
}
