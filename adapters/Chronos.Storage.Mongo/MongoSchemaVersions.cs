using Chronos.Storage.Providers;
using Chronos.Storage.Schema;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Chronos.Storage.Mongo;

/// <summary>
/// Records each entity's schema version in the <c>_chronos_schema</c> collection (one document per entity, <c>_id</c> =
/// entity name) and refuses a store recorded by newer code. Writes are single-document upserts with <c>$max</c>, so
/// concurrent migrations agree without a lock.
/// </summary>
internal sealed class MongoSchemaVersions
{
    /// <summary>The collection holding the versions.</summary>
    public const string CollectionName = "_chronos_schema";

    private readonly IMongoCollection<BsonDocument> _versions;

    public MongoSchemaVersions(IMongoDatabase database) => _versions = database.GetCollection<BsonDocument>(CollectionName);

    /// <summary>Applies the pending migration steps, creates the entity's indexes and records its version.</summary>
    /// <exception cref="SchemaVersionException">The store was migrated by code with a newer version of the entity.</exception>
    public Task MigrateAsync<TEntity>(MongoEntityStore<TEntity> store, CancellationToken cancellationToken)
        where TEntity : class, IStorageEntity<TEntity> =>
        MongoErrors.Run("Migrate", async () =>
        {
            var schema = TEntity.Schema;
            var id = new BsonDocument("_id", schema.EntityName);
            var storedVersion = await RecordedVersionCoreAsync(schema.EntityName, cancellationToken).ConfigureAwait(false);
            var pending = SchemaMigrator.Pending<TEntity>(storedVersion, MongoErrors.Backend, $"collection '{MongoLayout.Of<TEntity>().Collection}'");
            var collection = _versions.Database.GetCollection<BsonDocument>(MongoLayout.Of<TEntity>().Collection);
            await MongoMigrationSteps.ApplyAsync<TEntity>(collection, pending, cancellationToken).ConfigureAwait(false);
            await store.CreateIndexesAsync(cancellationToken).ConfigureAwait(false);
            var update = new BsonDocument
            {
                { "$max", new BsonDocument("version", schema.Version) },
                { "$set", new BsonDocument { { "collection", MongoLayout.Of<TEntity>().Collection }, { "spec_hash", schema.SpecHash } } },
            };
            var upsert = new UpdateOptions { IsUpsert = true };
            try
            {
                await _versions.UpdateOneAsync(id, update, upsert, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (MongoErrors.IsDuplicateKey(e))
            {
                // A concurrent migration inserted the document first; apply ours to it.
                await _versions.UpdateOneAsync(id, update, upsert, cancellationToken).ConfigureAwait(false);
            }
            return true;
        });

    /// <summary>
    /// The version recorded for <typeparamref name="TEntity"/> (one find by <c>_id</c>, no write), or null when none is
    /// recorded: never migrated (the collection does not exist yet).
    /// </summary>
    public Task<long?> RecordedVersionAsync<TEntity>(CancellationToken cancellationToken) where TEntity : class, IStorageEntity<TEntity> =>
        MongoErrors.Run("ReadSchemaVersion", () => RecordedVersionCoreAsync(TEntity.Schema.EntityName, cancellationToken));

    private async Task<long?> RecordedVersionCoreAsync(string entityName, CancellationToken cancellationToken)
    {
        var recorded = await _versions.Find(new BsonDocument("_id", entityName)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return recorded is not null && recorded.TryGetValue("version", out var version) ? version.ToInt64() : null;
    }
}
