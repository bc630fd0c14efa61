using Chronos.Storage.Mongo.Bson;
using Chronos.Storage.Providers;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Chronos.Storage.Mongo;

/// <summary>
/// Native expiry on MongoDB for one entity (issue 17): a record with an expiry instant (<see cref="RecordExpiry.Of"/>)
/// carries it as the BSON date <see cref="Element"/>, a TTL index (<c>expireAfterSeconds: 0</c>) lets the server
/// delete it eventually, and every read hides it as soon as the engine's clock reaches it: the TTL monitor runs only
/// once a minute, so correctness never waits for it. Entities that never expire (sessions, events, application
/// entities) get neither the element, the index nor the read filter.
/// </summary>
internal sealed class MongoRecordExpiry<TEntity>(RecordExpiry expiry) where TEntity : class, Schema.IStorageEntity<TEntity>
{
    /// <summary>The element holding a record's expiry instant (absent: kept until pruned).</summary>
    public const string Element = "expire_at";

    /// <summary>Whether records of <typeparamref name="TEntity"/> can expire natively (the entities <see cref="RecordExpiry"/> knows).</summary>
    public static readonly bool CanExpire = RecordExpiry.CanExpire<TEntity>();

    /// <summary>The document written for <paramref name="entity"/>: the visitor's, plus its expiry instant when it has one.</summary>
    public BsonDocument ToDocument(TEntity entity)
    {
        var document = BsonEntityMapper.ToDocument(entity);
        if (CanExpire && expiry.Of(entity) is { } expireAt) document.Add(Element, new BsonDateTime(expireAt));
        return document;
    }

    /// <summary>
    /// <paramref name="filter"/>, restricted to records not expired by the engine's clock. One residual predicate
    /// (<c>$not: {$lte: now}</c> also matches a missing element), so the planner keeps the entity's own index.
    /// </summary>
    public BsonDocument Live(BsonDocument filter) =>
        CanExpire ? filter.Add(Element, new BsonDocument("$not", new BsonDocument("$lte", new BsonDateTime(expiry.UtcNow)))) : filter;

    /// <summary>True when <paramref name="document"/> (e.g. a committed staged version) has expired by the engine's clock.</summary>
    public bool HasExpired(BsonDocument document) =>
        CanExpire && document.TryGetValue(Element, out var at) && at.IsValidDateTime && at.ToUniversalTime() <= expiry.UtcNow;

    /// <summary>
    /// Deletes the expired, settled records among <paramref name="filter"/>'s, so that their ids can be written again
    /// before the TTL monitor comes by. Returns how many went.
    /// </summary>
    public async Task<long> PurgeAsync(IMongoCollection<BsonDocument> collection, BsonDocument filter, CancellationToken cancellationToken)
    {
        if (!CanExpire) return 0;
        var expired = new BsonDocument(filter)
            .Add(Element, new BsonDocument("$lte", new BsonDateTime(expiry.UtcNow)))
            .Add(MongoPendingWrites.StagedElement, new BsonDocument("$exists", false))
            .Add(MongoPendingWrites.MarkerElement, new BsonDocument("$exists", false));
        var result = await collection.DeleteManyAsync(expired, cancellationToken).ConfigureAwait(false);
        return result.DeletedCount;
    }

    /// <summary>The TTL index, for entities that can expire; null otherwise.</summary>
    public static CreateIndexModel<BsonDocument>? TtlIndex(string collection) => CanExpire
        ? new CreateIndexModel<BsonDocument>(new BsonDocumentIndexKeysDefinition<BsonDocument>(new BsonDocument(Element, 1)),
            new CreateIndexOptions { Name = $"ix_{collection}_expire_at", ExpireAfter = TimeSpan.Zero })
        : null;
}
