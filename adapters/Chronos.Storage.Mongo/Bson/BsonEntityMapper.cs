using Chronos.Storage.Providers;
using Chronos.Storage.Schema;
using MongoDB.Bson;

namespace Chronos.Storage.Mongo.Bson;

/// <summary>Entity to document and back, through the generated visitor and <see cref="MongoLayout"/>.</summary>
public static class BsonEntityMapper
{
    /// <summary>The entity as a MongoDB document (<c>_id</c> = key, element names = storage names).</summary>
    public static BsonDocument ToDocument<TEntity>(TEntity entity) where TEntity : IStorageEntity<TEntity>
    {
        var document = new BsonDocument();
        var writer = new BsonDocumentFieldWriter(document, MongoLayout.Of<TEntity>().ElementNames);
        TEntity.Write(entity, ref writer);
        return document;
    }

    /// <summary>The entity stored in <paramref name="document"/>.</summary>
    /// <exception cref="BsonFieldFormatException">An element holds a BSON type its field cannot take.</exception>
    /// <exception cref="StoredRecordFormatException">A JSON element does not hold a JSON value this field can take.</exception>
    public static TEntity FromDocument<TEntity>(BsonDocument document) where TEntity : IStorageEntity<TEntity>
    {
        return StoredRecord.Read<TEntity, BsonDocumentFieldReader>(
            new BsonDocumentFieldReader(document, MongoLayout.Of<TEntity>().ElementNames, TEntity.Schema), MongoErrors.Backend);
    }
}
