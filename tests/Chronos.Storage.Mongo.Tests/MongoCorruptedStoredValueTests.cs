using Chronos.Storage.Conformance;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>
/// Corrupted stored values in MongoDB, written with the driver. JSON is stored as native BSON here, so text that is not
/// JSON cannot be stored at all (like PostgreSQL's jsonb, the database cannot hold it), and valid JSON text lands as the
/// BSON value it parses to: a string where an object belongs, or an array nested beyond the library's depth limit.
/// </summary>
[RequiresTestServer(TestServers.Mongo)]
public sealed class MongoCorruptedStoredValueTests : CorruptedStoredValueTests
{
    private MongoStorage? _storage;

    protected override async Task<IStorage> CreateStoreAsync() => _storage = await MongoTestDatabase.OpenAsync(nameof(MongoCorruptedStoredValueTests));

    protected override async Task<bool> CorruptStoredFieldAsync(IStorage store, string storageName, string id, string storageField, string rawJsonText)
    {
        var storage = (MongoStorage)store;
        BsonValue raw;
        try
        {
            raw = BsonDocument.Parse("{\"v\":" + rawJsonText + "}")["v"];
        }
        catch (FormatException)
        {
            return false; // not JSON: native BSON has no representation of it, so this corruption cannot happen here.
        }
        var collection = storage.Database.GetCollection<BsonDocument>(storageName);
        try
        {
            var result = await collection.UpdateOneAsync(Builders<BsonDocument>.Filter.Eq("_id", id), Builders<BsonDocument>.Update.Set(storageField, raw));
            return result.MatchedCount == 1;
        }
        catch (Exception e) when (e is MongoException or BsonSerializationException)
        {
            return false; // the server or the driver refuses the value (e.g. nesting beyond BSON's limit): it cannot be stored.
        }
    }

    public override async Task DisposeAsync()
    {
        if (_storage is { } storage) await storage.Database.Client.DropDatabaseAsync(storage.Database.DatabaseNamespace.DatabaseName);
        await base.DisposeAsync();
    }
}
