using Chronos.Storage.Schema;

namespace Chronos.Storage.Providers;

// Reading (never changing) where each built-in entity's store stands: for health checks and the command-line tool.
public abstract partial class StorageEngine
{
    /// <summary>
    /// The schema version each built-in entity's store records beside the version this build expects, in migration
    /// order. Reads only; a store migrated by a newer build is reported, not refused.
    /// </summary>
    /// <exception cref="NotSupportedException">The backend does not report stored versions (see <see cref="ReportsSchemaVersions"/>).</exception>
    public async Task<IReadOnlyList<SchemaVersionStatus>> GetSchemaVersionsAsync(CancellationToken cancellationToken = default)
    {
        if (!ReportsSchemaVersions)
        {
            throw new NotSupportedException($"Backend '{BackendName}' does not report stored schema versions.");
        }
        var statuses = new List<SchemaVersionStatus>();
        await ForEachBuiltInEntityAsync(new ReadSchemaVersion(this, statuses), cancellationToken).ConfigureAwait(false);
        return statuses;
    }

    /// <summary>Whether this backend implements <see cref="ReadSchemaVersionAsync{TEntity}"/>.</summary>
    public virtual bool ReportsSchemaVersions => false;

    /// <summary>
    /// The version <typeparamref name="TEntity"/>'s store records, or null when it records none; reads only. Backends
    /// that override it also override <see cref="ReportsSchemaVersions"/>.
    /// </summary>
    protected virtual Task<long?> ReadSchemaVersionAsync<TEntity>(CancellationToken cancellationToken) where TEntity : class, IStorageEntity<TEntity> =>
        throw new NotSupportedException($"Backend '{BackendName}' does not report stored schema versions.");

    /// <summary>
    /// A migration step outside the schema spec's versions that <typeparamref name="TEntity"/>'s store still needs (for
    /// example Redis Cluster's key layout), described for people; null when none (the default). Asked only of stores that
    /// record a version; reads only. <see cref="IStorage.MigrateAsync"/> applies it.
    /// </summary>
    protected virtual Task<string?> ReadPendingMigrationStepAsync<TEntity>(CancellationToken cancellationToken) where TEntity : class, IStorageEntity<TEntity> =>
        Task.FromResult<string?>(null);

    private readonly struct ReadSchemaVersion(StorageEngine engine, List<SchemaVersionStatus> statuses) : IBuiltInEntityVisitor
    {
        public async Task VisitAsync<TEntity>(CancellationToken cancellationToken) where TEntity : class, IStorageEntity<TEntity>
        {
            var stored = await engine.ReadSchemaVersionAsync<TEntity>(cancellationToken).ConfigureAwait(false);
            var pending = stored is null ? null : await engine.ReadPendingMigrationStepAsync<TEntity>(cancellationToken).ConfigureAwait(false);
            statuses.Add(new SchemaVersionStatus(TEntity.Schema.EntityName, TEntity.Schema.StorageName, TEntity.Schema.Version, stored) { PendingStep = pending });
        }
    }
}
