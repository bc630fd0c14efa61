using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>What the server actually holds: indexes from the spec, schema versions, native JSON, escaped keys.</summary>
[RequiresTestServer(TestServers.Mongo)]
public sealed class MongoServerTests : IAsyncLifetime
{
    private MongoStorage? _storage;
    private MongoStorage Storage => _storage!;

    public async Task InitializeAsync() => _storage = await MongoTestDatabase.OpenAsync(nameof(MongoServerTests));

    public async Task DisposeAsync() => await MongoTestDatabase.DropAsync(Storage);

    [ServerFact(TestServers.Mongo)]
    public async Task MigrateCreatesTheSpecIndexes()
    {
        var indexes = await (await Storage.Database.GetCollection<BsonDocument>("events").Indexes.ListAsync()).ToListAsync();
        var ledger = Assert.Single(indexes, i => i["name"] == "ux_events_by_session");
        Assert.Equal(new BsonDocument { { "session_id", 1 }, { "seq_num", 1 } }, ledger["key"].AsBsonDocument);
        Assert.True(ledger["unique"].ToBoolean());

        var sessions = await (await Storage.Database.GetCollection<BsonDocument>("sessions").Indexes.ListAsync()).ToListAsync();
        var byAgent = Assert.Single(sessions, i => i["name"] == "ix_sessions_by_agent");
        Assert.Equal(new BsonDocument { { "agent_id", 1 }, { "created_at", -1 }, { "_id", -1 } }, byAgent["key"].AsBsonDocument);
    }

    [ServerFact(TestServers.Mongo)]
    public async Task MigrateRecordsVersionsAndRefusesANewerStore()
    {
        var versions = Storage.Database.GetCollection<BsonDocument>("_chronos_schema");
        var session = await versions.Find(new BsonDocument("_id", "Session")).SingleAsync();
        Assert.Equal(1, session["version"].ToInt32());
        Assert.Equal(6, await versions.CountDocumentsAsync(new BsonDocument()));

        await versions.UpdateOneAsync(new BsonDocument("_id", "Event"), new BsonDocument("$set", new BsonDocument("version", 99)));

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => Storage.MigrateAsync());
        Assert.Equal(("Event", 99, 1), (error.Entity, error.StoredVersion, error.CodeVersion));
    }

    [ServerFact(TestServers.Mongo)]
    public async Task JsonIsStoredAsNativeQueryableBson()
    {
        var metadata = JsonNode.Parse("""{"$set":1,"a.b":{"c.d":2},"big":9007199254740993,"d":2.5,"tags":["x",[1]],"empty":{}}""")!.AsObject();
        await Storage.CreateSessionAsync(new Session { Id = "s1", AgentId = "a", Metadata = metadata });

        var raw = await Storage.Database.GetCollection<BsonDocument>("sessions").Find(new BsonDocument("_id", "s1")).SingleAsync();
        var stored = raw["metadata"].AsBsonDocument;
        Assert.Equal(1, stored["%24set"].AsInt32);
        Assert.Equal(2, stored["a%2Eb"]["c%2Ed"].AsInt32);
        Assert.Equal(BsonType.Int64, stored["big"].BsonType);
        // 2.5, not 2.0: CongoDB (JavaScript numbers) hands an integral double back as Int32; a real mongod keeps
        // Double, and the no-server BsonRoundTripTests pin that the adapter writes 2.0 as a Double.
        Assert.Equal(BsonType.Double, stored["d"].BsonType);
        Assert.Equal(new BsonDocument(), stored["empty"]);

        var found = await Storage.Database.GetCollection<BsonDocument>("sessions")
            .Find(new BsonDocument("metadata.big", 9007199254740993L)).CountDocumentsAsync();
        Assert.Equal(1, found);
        Assert.True(JsonNode.DeepEquals(metadata, (await Storage.GetSessionAsync("s1"))!.Metadata));
    }
}
