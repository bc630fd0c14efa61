using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;
using Chronos.Storage.Mongo;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Driver;

namespace Chronos.Storage.Compatibility;

/// <summary>
/// MongoDB: the fixture is every collection the earlier layout code wrote, its documents as canonical Extended JSON
/// (exact BSON types) and its index definitions; the test replays them into a fresh database with the raw driver
/// (insertMany, createIndexes).
/// </summary>
public sealed class MongoCompatibilityTests
{
    private const string Fixture = "mongo.json";

    private static string Dsn => TestServers.Get(TestServers.Mongo);

    private static string NewDatabaseName() => $"chr_compat_{Guid.NewGuid():N}";

    [ServerFact(TestServers.Mongo)]
    public async Task A_database_written_by_the_previous_layout_reads_back_and_continues()
    {
        var name = NewDatabaseName();
        var client = new MongoClient(Dsn);
        try
        {
            var database = client.GetDatabase(name);
            foreach (var collection in JsonNode.Parse(FixtureFiles.Read(Fixture))!["collections"]!.AsArray())
            {
                var collectionName = (string)collection!["name"]!;
                await database.CreateCollectionAsync(collectionName);
                var documents = collection["documents"]!.AsArray().Select(d => BsonDocument.Parse(d!.ToJsonString())).ToList();
                if (documents.Count > 0) await database.GetCollection<BsonDocument>(collectionName).InsertManyAsync(documents);
                var indexes = new BsonArray(collection["indexes"]!.AsArray().Select(i => BsonDocument.Parse(i!.ToJsonString())));
                if (indexes.Count > 0) await database.RunCommandAsync<BsonDocument>(new BsonDocument { ["createIndexes"] = collectionName, ["indexes"] = indexes });
            }
            await using var store = new MongoStorage(new MongoStorageOptions(Dsn, name));
            await CompatibilityDataSet.VerifyAndExtendAsync(store);
        }
        finally
        {
            await client.DropDatabaseAsync(name);
            client.Dispose();
        }
    }

    [FixtureWriterFact]
    public async Task Regenerate_fixture()
    {
        var name = NewDatabaseName();
        var client = new MongoClient(Dsn);
        try
        {
            await using (var store = await MongoStorage.OpenAsync(Dsn, name))
            {
                await CompatibilityDataSet.WriteAsync(store);
            }
            var database = client.GetDatabase(name);
            var canonical = new JsonWriterSettings { OutputMode = JsonOutputMode.CanonicalExtendedJson };
            var collections = new JsonArray();
            foreach (var collectionName in (await (await database.ListCollectionNamesAsync()).ToListAsync()).Order(StringComparer.Ordinal))
            {
                var collection = database.GetCollection<BsonDocument>(collectionName);
                var documents = await collection.Find(FilterDefinition<BsonDocument>.Empty).Sort(new BsonDocument("_id", 1)).ToListAsync();
                var indexes = (await (await collection.Indexes.ListAsync()).ToListAsync())
                    .Where(i => i["name"] != "_id_")
                    .Select(i => { i.Remove("v"); i.Remove("ns"); return i; })
                    .OrderBy(i => i["name"].AsString, StringComparer.Ordinal);
                collections.Add(new JsonObject
                {
                    ["name"] = collectionName,
                    ["documents"] = new JsonArray([.. documents.Select(d => JsonNode.Parse(d.ToJson(canonical)))]),
                    ["indexes"] = new JsonArray([.. indexes.Select(i => JsonNode.Parse(i.ToJson(canonical)))]),
                });
            }
            FixtureFiles.Write(Fixture, new JsonObject { ["collections"] = collections }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        finally
        {
            await client.DropDatabaseAsync(name);
            client.Dispose();
        }
    }
}
