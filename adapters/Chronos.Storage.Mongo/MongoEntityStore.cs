using System.Collections.Immutable;
using Chronos.Storage.Mongo.Bson;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Chronos.Storage.Mongo;

/// <summary>
/// <see cref="IEntityStore{TEntity}"/> on one MongoDB collection, driven by the generated schema, visitor and
/// <see cref="MongoLayout"/>. Documents are <see cref="BsonDocument"/>s built by the visitor: no class maps.
/// </summary>
internal sealed class MongoEntityStore<TEntity> : IEntityStore<TEntity> where TEntity : class, IStorageEntity<TEntity>
{
    private static readonly ReplaceOptions Upsert = new() { IsUpsert = true };

    private readonly MongoSchemaVersions _versions;
    private readonly MongoPendingWrites _pending;

    public MongoEntityStore(IMongoDatabase database, MongoSchemaVersions versions, MongoPendingWrites pending, RecordExpiry expiry)
    {
        Collection = database.GetCollection<BsonDocument>(MongoLayout.Of<TEntity>().Collection);
        _versions = versions;
        _pending = pending;
        Expiry = new MongoRecordExpiry<TEntity>(expiry);
    }

    /// <summary>Native expiry of the entity's records: the element written, the read filter, the purge of expired ids.</summary>
    public MongoRecordExpiry<TEntity> Expiry { get; }

    /// <summary>The commit records of the batch protocol: reads hide records of batches that have not committed.</summary>
    public MongoPendingWrites Pending => _pending;

    /// <summary>The entity's collection.</summary>
    public IMongoCollection<BsonDocument> Collection { get; }

    private static string EntityName => TEntity.Schema.EntityName;

    /// <summary>Brings the collection to the code's schema version: pending steps, indexes, version record.</summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => _versions.MigrateAsync(this, cancellationToken);

    /// <summary>Creates the entity's declared indexes (idempotent).</summary>
    public Task CreateIndexesAsync(CancellationToken cancellationToken = default) =>
        MongoErrors.Run("EnsureSchema", async () =>
        {
            var layout = MongoLayout.Of<TEntity>();
            var models = layout.Indexes.Select(index =>
            {
                var keys = new BsonDocument();
                foreach (var key in index.Keys) keys.Add(key.Element, key.Descending ? -1 : 1);
                return new CreateIndexModel<BsonDocument>(
                    new BsonDocumentIndexKeysDefinition<BsonDocument>(keys),
                    new CreateIndexOptions { Name = index.Name, Unique = index.IsUnique });
            }).ToList();
            if (typeof(TEntity) == typeof(Event))
            {
                // Batch appends mark their events until settled; settling and cleanup find them by marker. Sparse:
                // settled events (nearly all) have no marker and cost the index nothing.
                models.Add(new CreateIndexModel<BsonDocument>(
                    new BsonDocumentIndexKeysDefinition<BsonDocument>(new BsonDocument(MongoPendingWrites.MarkerElement, 1)),
                    new CreateIndexOptions { Name = $"ix_{layout.Collection}_pending_txn", Sparse = true }));
                await _pending.CreateIndexesAsync(cancellationToken).ConfigureAwait(false);
            }
            if (MongoRecordExpiry<TEntity>.TtlIndex(layout.Collection) is { } ttl) models.Add(ttl);
            if (models.Count == 0) return true;
            // createIndexes is idempotent for an identical name + spec, so concurrent and repeated migrations agree.
            await Collection.Indexes.CreateManyAsync(models, cancellationToken).ConfigureAwait(false);
            return true;
        });

    public Task InsertAsync(TEntity entity, CancellationToken cancellationToken = default) =>
        MongoErrors.Run("Insert" + EntityName, async () =>
        {
            var key = TEntity.GetKey(entity);
            var document = Expiry.ToDocument(entity);
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await Collection.InsertOneAsync(document, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (Exception e) when (MongoErrors.IsDuplicateKey(e))
                {
                    // An expired record the TTL monitor has not removed yet may hold the id: gone for readers, so it goes.
                    if (attempt > 0 || !NamesIdIndex(e) || await Expiry.PurgeAsync(Collection, ById(key), cancellationToken).ConfigureAwait(false) == 0)
                    {
                        throw Duplicate(key, e);
                    }
                }
            }
        });

    public Task UpsertAsync(TEntity entity, CancellationToken cancellationToken = default) =>
        MongoErrors.Run("Upsert" + EntityName, async () =>
        {
            var key = TEntity.GetKey(entity);
            // A document a turn has marked or staged a version on is never replaced under it: the filter skips it, the
            // upsert's insert then collides on _id, and the turn is settled (or waited for) before the next try.
            var filter = Unstaged(ById(key));
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    // The replacement carries the new expiry, or none: an upsert without one clears a stored expire_at.
                    await Collection.ReplaceOneAsync(filter, Expiry.ToDocument(entity), Upsert, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (Exception e) when (MongoErrors.IsDuplicateKey(e) && !NamesIdIndex(e))
                {
                    throw Duplicate(key, e);
                }
                catch (Exception e) when (MongoErrors.IsDuplicateKey(e))
                {
                    // Staged by a turn (settle it), or two upserts of a new key raced and the other inserted first (try again).
                    await SettleStagedAsync(key, attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        });

    public Task<bool> TryUpdateAsync(TEntity entity, CancellationToken cancellationToken = default) =>
        MongoErrors.Run("Update" + EntityName, async () =>
        {
            if (TEntity.Schema.ConcurrencyOrdinal is not { } versionOrdinal)
            {
                throw new InvalidOperationException($"{EntityName} declares no concurrency field; use UpsertAsync.");
            }
            var key = TEntity.GetKey(entity);
            var document = Expiry.ToDocument(entity);
            var versionElement = MongoLayout.Of<TEntity>().ElementNames[versionOrdinal];
            var expected = document[versionElement];
            document[versionElement] = new BsonInt64(expected.ToInt64() + 1);
            var filter = Expiry.Live(Unstaged(new BsonDocument { { MongoLayout.IdElement, key }, { versionElement, expected } }));
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    var result = await Collection.ReplaceOneAsync(filter, document, cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (result.MatchedCount == 1) return true;
                }
                catch (Exception e) when (MongoErrors.IsDuplicateKey(e))
                {
                    throw Duplicate(key, e);
                }
                // No match: a stale version, or a turn's version staged on it (settled or waited for, then checked again).
                if (!await SettleStagedAsync(key, attempt, cancellationToken).ConfigureAwait(false)) return false;
            }
        });

    public Task<TEntity?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        MongoErrors.Run("Get" + EntityName, async () =>
        {
            var documents = await _pending.VisibleAsync(Expiry.Live(ById(key)),
                filter => Collection.Find(filter).Limit(1).ToListAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            // A committed staged version is checked here: the filter saw the stored document's expiry.
            return documents.Count == 0 || Expiry.HasExpired(documents[0]) ? null : BsonEntityMapper.FromDocument<TEntity>(documents[0]);
        });

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        MongoErrors.Run("Delete" + EntityName, async () =>
        {
            var result = await Collection.DeleteOneAsync(ById(key), cancellationToken).ConfigureAwait(false);
            return result.DeletedCount == 1;
        });

    public Task<IReadOnlyList<TEntity>> ListAsync(IndexQuery query, CancellationToken cancellationToken = default) =>
        MongoErrors.Run("List" + EntityName, async () =>
        {
            var (index, filter) = Match(query.Index, query.Match);
            var sort = new BsonDocument();
            for (var i = index.MatchOrdinals.Length; i < MongoLayout.Of<TEntity>().Index(query.Index).Keys.Length; i++)
            {
                var key = MongoLayout.Of<TEntity>().Index(query.Index).Keys[i];
                sort.Add(key.Element, key.Descending ? -1 : 1);
            }
            if (query.After is { } after)
            {
                var first = MongoLayout.Of<TEntity>().ElementNames[index.Order[0].Ordinal];
                filter.Add(first, new BsonDocument(index.IsDescending ? "$lt" : "$gt", BsonFieldValues.FromIndexValue(after)));
            }
            var documents = await _pending.VisibleAsync(Expiry.Live(filter), visible =>
            {
                var find = Collection.Find(visible).Sort(sort).Skip(query.Offset);
                if (query.Limit is { } limit) find = find.Limit(limit);
                return find.ToListAsync(cancellationToken);
            }, cancellationToken).ConfigureAwait(false);
            // A committed staged version expired by now (only between a turn's commit and its settling) is left out.
            if (MongoRecordExpiry<TEntity>.CanExpire) documents.RemoveAll(Expiry.HasExpired);
            var entities = new TEntity[documents.Count];
            for (var i = 0; i < entities.Length; i++) entities[i] = BsonEntityMapper.FromDocument<TEntity>(documents[i]);
            return (IReadOnlyList<TEntity>)entities;
        });

    public Task<long> DeleteMatchingAsync(string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken = default) =>
        MongoErrors.Run("DeleteMatching" + EntityName, async () =>
        {
            var (_, filter) = Match(index, match);
            var result = await Collection.DeleteManyAsync(filter, cancellationToken).ConfigureAwait(false);
            return result.DeletedCount;
        });

    /// <summary><paramref name="filter"/>, restricted to documents no unsettled turn has marked or staged a version on.</summary>
    private static BsonDocument Unstaged(BsonDocument filter) => filter
        .Add(MongoPendingWrites.StagedElement, new BsonDocument("$exists", false))
        .Add(MongoPendingWrites.MarkerElement, new BsonDocument("$exists", false));

    /// <summary>Settles the batch marking or staging on <paramref name="key"/>'s document; false when there is none.</summary>
    private async Task<bool> SettleStagedAsync(string key, int attempt, CancellationToken cancellationToken)
    {
        var stored = await Collection.Find(ById(key)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return await _pending.SettleAsync(Collection, stored, attempt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The element holding the entity's concurrency version, or null when it declares none.</summary>
    public static string? VersionElement =>
        TEntity.Schema.ConcurrencyOrdinal is { } ordinal ? MongoLayout.Of<TEntity>().ElementNames[ordinal] : null;

    /// <summary>The filter selecting one key.</summary>
    public static BsonDocument ById(string key) => new(MongoLayout.IdElement, key);

    /// <summary>The equality filter of an index's match fields.</summary>
    public static (IndexSchema Index, BsonDocument Filter) Match(string indexName, ImmutableArray<IndexValue> match)
    {
        var index = TEntity.Schema.Index(indexName);
        if (match.Length != index.MatchOrdinals.Length)
        {
            throw new StorageArgumentException("match", EntityName, null,
                $"index '{indexName}' matches {index.MatchOrdinals.Length} field(s); got {match.Length} value(s).");
        }
        var filter = new BsonDocument();
        for (var i = 0; i < match.Length; i++)
        {
            filter.Add(MongoLayout.Of<TEntity>().ElementNames[index.MatchOrdinals[i]], BsonFieldValues.FromIndexValue(match[i]));
        }
        return (index, filter);
    }

    /// <summary>A <see cref="DuplicateKeyException"/> naming the unique index's fields, or the key when it is the key.</summary>
    public static DuplicateKeyException Duplicate(string key, Exception e)
    {
        var message = MongoErrors.DuplicateKeyMessage(e);
        foreach (var index in MongoLayout.Of<TEntity>().Indexes)
        {
            if (index.IsUnique && message.Contains(index.Name, StringComparison.Ordinal))
            {
                var fields = string.Join(",", index.Keys.Select(k => k.Element));
                return new DuplicateKeyException(EntityName, key, fields, e);
            }
        }
        return new DuplicateKeyException(EntityName, key, TEntity.Schema.Key.StorageName, e);
    }

    /// <summary>True when a duplicate-key error is about <c>_id</c> (or names no index of ours).</summary>
    public static bool NamesIdIndex(Exception e)
    {
        var message = MongoErrors.DuplicateKeyMessage(e);
        return !MongoLayout.Of<TEntity>().Indexes.Any(index => index.IsUnique && message.Contains(index.Name, StringComparison.Ordinal));
    }
}
