using System.Collections.Immutable;
using Chronos.Storage.Mongo.Bson;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Chronos.Storage.Mongo;

/// <summary>
/// Applies pending migration steps to one collection. Every step is a filtered multi-document update that only touches
/// documents still in the old shape (<c>$exists</c>), so re-running after a crash part-way repeats nothing: added
/// fields are backfilled with their spec default, renames use <c>$rename</c>, drops <c>$unset</c>. Indexes are created
/// afterwards by the store's EnsureSchema (the backfill must come first so a new index sees every document).
/// </summary>
internal static class MongoMigrationSteps
{
    public static async Task ApplyAsync<TEntity>(IMongoCollection<BsonDocument> collection, ImmutableArray<MigrationVersion> pending, CancellationToken cancellationToken)
        where TEntity : IStorageEntity<TEntity>
    {
        var defaults = MigrationDefaults.For(TEntity.Schema, pending);
        foreach (var step in SchemaMigrator.Steps(pending))
        {
            switch (step.Kind)
            {
                case MigrationStepKind.AddField when step.Ordinal >= 0 && defaults.Has(step.Ordinal):
                    await collection.UpdateManyAsync(Missing(step.Name), new BsonDocument("$set", new BsonDocument(step.Name, DefaultValue<TEntity>(defaults, step.Ordinal))),
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case MigrationStepKind.DropField:
                    await collection.UpdateManyAsync(Present(step.Name), new BsonDocument("$unset", new BsonDocument(step.Name, "")),
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case MigrationStepKind.RenameField when step.NewName is { } newName:
                    await collection.UpdateManyAsync(Present(step.Name), new BsonDocument("$rename", new BsonDocument(step.Name, newName)),
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                    break;
                case MigrationStepKind.DropIndex:
                    await DropIndexAsync(collection, step.Name, TEntity.Schema.StorageName, cancellationToken).ConfigureAwait(false);
                    break;
                // Nullable fields without a default read as null when missing; added indexes come from EnsureSchema.
            }
        }
    }

    private static BsonDocument Missing(string element) => new(element, new BsonDocument("$exists", false));

    private static BsonDocument Present(string element) => new(element, new BsonDocument("$exists", true));

    /// <summary>The default encoded exactly as the document writer encodes that field (dates, JSON, numbers).</summary>
    private static BsonValue DefaultValue<TEntity>(MigrationDefaults defaults, int ordinal) where TEntity : IStorageEntity<TEntity>
    {
        var document = new BsonDocument();
        var writer = new BsonDocumentFieldWriter(document, MongoLayout.Of<TEntity>().ElementNames);
        defaults.Write(TEntity.Schema, ordinal, ref writer);
        return document[0];
    }

    private static async Task DropIndexAsync(IMongoCollection<BsonDocument> collection, string indexName, string storageName, CancellationToken cancellationToken)
    {
        // The spec names the index, not its uniqueness: its MongoDB name is one of these two.
        foreach (var name in new[] { "ix_" + storageName + "_" + indexName, "ux_" + storageName + "_" + indexName })
        {
            try
            {
                await collection.Indexes.DropOneAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (MongoCommandException e) when (e.Code == 27 || e.CodeName == "IndexNotFound" || e.Code == 26)
            {
                // Already gone (or never built): the step's outcome holds.
            }
        }
    }
}
