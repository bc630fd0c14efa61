using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;
using Chronos.Storage.Mongo.Bson;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using Xunit;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>
/// Every built-in entity through the generated mapping to BSON bytes and back, without a server, with every JSON sample
/// in every JSON field and microsecond times; plus the stored shape (element names, types) that makes it queryable.
/// </summary>
public sealed class BsonRoundTripTests
{
    private static readonly DateTime Micro = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1_234_560);

    public static TheoryData<string> Samples() => [.. JsonSamples.ObjectNames.Concat(["api-built", "scalar-string", "scalar-number", "scalar-array"])];

    private static TEntity ThroughBytes<TEntity>(TEntity entity) where TEntity : Schema.IStorageEntity<TEntity>
    {
        var bytes = BsonEntityMapper.ToDocument(entity).ToBson();
        var document = BsonSerializer.Deserialize<BsonDocument>(bytes);
        return BsonEntityMapper.FromDocument<TEntity>(document);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryEntityRoundTripsWithEverySample(string sample)
    {
        var obj = JsonSamples.Create(sample) as JsonObject;
        var session = new Session { Id = "s", AgentId = "a", UserId = "u", Status = "ended", Metadata = obj ?? new JsonObject(), CreatedAt = Micro, UpdatedAt = Micro.AddDays(1), Version = long.MaxValue };
        RecordAssert.Same(session, ThroughBytes(session));
        var memory = new MemoryRecord { Id = "m", SessionId = "s", AgentId = "a", UserId = "u", Kind = MemoryKind.LongTerm, Key = "k", Value = JsonSamples.Create(sample), CreatedAt = Micro };
        RecordAssert.Same(memory, ThroughBytes(memory));
        var audit = new AuditLog { Id = "l", SessionId = "s", AgentId = "a", Actor = "x", Action = "do", Resource = "r", Detail = obj ?? new JsonObject(), CreatedAt = Micro };
        RecordAssert.Same(audit, ThroughBytes(audit));
        var trace = new Trace { Id = "t", SessionId = "s", ParentId = null, Name = "n", Kind = TraceKind.ToolCall, Input = JsonSamples.Create(sample), Output = JsonSamples.Create(sample), Error = null, StartedAt = Micro, EndedAt = null };
        RecordAssert.Same(trace, ThroughBytes(trace));
        var ended = trace with { ParentId = "p", Error = "e", EndedAt = Micro.AddTicks(10) };
        RecordAssert.Same(ended, ThroughBytes(ended));
        var @event = new Event { Id = "e", SessionId = "s", SeqNum = 9_007_199_254_740_993, Type = EventType.ChatMessage, Payload = JsonSamples.Create(sample), CreatedAt = Micro };
        RecordAssert.Same(@event, ThroughBytes(@event));
        var checkpoint = new Checkpoint { Id = "c", SessionId = "s", RunId = "r", NodeId = "n", State = obj ?? new JsonObject(), SeqNum = 3, CreatedAt = Micro };
        RecordAssert.Same(checkpoint, ThroughBytes(checkpoint));
    }

    [Fact]
    public void DocumentUsesIdForTheKeyStorageNamesAndMicrosecondInt64Times()
    {
        var document = BsonEntityMapper.ToDocument(new Event { Id = "e1", SessionId = "s1", SeqNum = 4, Type = "t", Payload = null, CreatedAt = Micro });

        Assert.Equal(["_id", "session_id", "seq_num", "type", "payload", "created_at"], document.Names);
        Assert.Equal(new BsonString("e1"), document["_id"]);
        Assert.Equal(new BsonInt64(4), document["seq_num"]);
        Assert.Equal(BsonNull.Value, document["payload"]);
        Assert.Equal(new BsonInt64(StorageTime.ToUnixMicroseconds(Micro)), document["created_at"]);
        Assert.Equal(123_456, document["created_at"].AsInt64 % 1_000_000);
    }

    [Fact]
    public void JsonIsNativeBsonWithIntegersDoublesAndDecimalsKeptApart()
    {
        var json = JsonNode.Parse("""{"i":1,"l":9007199254740993,"d":1.0,"f":0.5,"u":18446744073709551615,"p":0.10000000000000000000001,"big":1e7000,"a":[[],{}],"s":"x","b":true,"n":null}""")!;

        var bson = BsonJson.ToBson(json).AsBsonDocument;

        Assert.Equal(BsonType.Int32, bson["i"].BsonType);
        Assert.Equal(BsonType.Int64, bson["l"].BsonType);
        Assert.Equal(9_007_199_254_740_993, bson["l"].AsInt64);
        Assert.Equal(BsonType.Double, bson["d"].BsonType);
        Assert.Equal(BsonType.Double, bson["f"].BsonType);
        Assert.Equal(BsonType.Decimal128, bson["u"].BsonType);
        Assert.Equal(BsonType.Decimal128, bson["p"].BsonType);
        Assert.Equal(new BsonDocument(BsonKeyEscaping.NumberTextElement, "1e7000"), bson["big"]);
        Assert.Equal(new BsonArray { new BsonArray(), new BsonDocument() }, bson["a"]);
        Assert.True(JsonNode.DeepEquals(json, BsonJson.ToJson(bson)));
        // A double that happens to be integral stays a double after a read-modify-write.
        Assert.Equal(BsonType.Double, BsonJson.ToBson(BsonJson.ToJson(bson))["d"].BsonType);
    }

    [Theory]
    [InlineData("$set", "%24set")]
    [InlineData("a.b", "a%2Eb")]
    [InlineData("100%", "100%25")]
    [InlineData("nul\0", "nul%00")]
    [InlineData("%num", "%25num")]
    [InlineData("plain key", "plain key")]
    public void AwkwardKeysAreEscapedReversibly(string key, string element)
    {
        Assert.Equal(element, BsonKeyEscaping.Escape(key));
        Assert.Equal(key, BsonKeyEscaping.Unescape(element));
        var round = BsonJson.ToJson(BsonJson.ToBson(new JsonObject { [key] = 1 }));
        Assert.True(JsonNode.DeepEquals(new JsonObject { [key] = 1 }, round));
    }

    [Fact]
    public void WrongStoredTypeFailsNamingEntityKeyAndField()
    {
        var document = BsonEntityMapper.ToDocument(new Event { Id = "e1", SessionId = "s1", SeqNum = 4, Type = "t", CreatedAt = Micro });
        document["seq_num"] = "four";

        var error = Assert.Throws<BsonFieldFormatException>(() => BsonEntityMapper.FromDocument<Event>(document));

        Assert.Equal(("Event", "e1", "seq_num"), (error.Entity, error.Key, error.Field));
        Assert.Contains("String", error.Message);
    }
}
