using System.Collections.Immutable;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Telemetry;

/// <summary>
/// An adapter's entity store with one span, one duration measurement and the error counters per call. While nobody
/// listens (<see cref="StorageObserver.IsObserving"/>) each method hands the adapter's task back untouched: no state
/// machine, no allocation, one flag check.
/// </summary>
internal sealed class InstrumentedEntityStore<TEntity>(IEntityStore<TEntity> inner, StorageObserver observer) : IEntityStore<TEntity>
    where TEntity : class, IStorageEntity<TEntity>
{
    private static readonly EntitySchema Schema = TEntity.Schema;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) =>
        observer.IsObserving ? EnsureSchemaObservedAsync(cancellationToken) : inner.EnsureSchemaAsync(cancellationToken);

    public Task InsertAsync(TEntity entity, CancellationToken cancellationToken = default) =>
        observer.IsObserving ? WriteObservedAsync(StorageOperations.Insert, entity, upsert: false, cancellationToken) : inner.InsertAsync(entity, cancellationToken);

    public Task UpsertAsync(TEntity entity, CancellationToken cancellationToken = default) =>
        observer.IsObserving ? WriteObservedAsync(StorageOperations.Upsert, entity, upsert: true, cancellationToken) : inner.UpsertAsync(entity, cancellationToken);

    public Task<bool> TryUpdateAsync(TEntity entity, CancellationToken cancellationToken = default) =>
        observer.IsObserving ? TryUpdateObservedAsync(entity, cancellationToken) : inner.TryUpdateAsync(entity, cancellationToken);

    public Task<TEntity?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        observer.IsObserving ? GetObservedAsync(key, cancellationToken) : inner.GetAsync(key, cancellationToken);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        observer.IsObserving ? DeleteObservedAsync(key, cancellationToken) : inner.DeleteAsync(key, cancellationToken);

    public Task<IReadOnlyList<TEntity>> ListAsync(IndexQuery query, CancellationToken cancellationToken = default) =>
        observer.IsObserving ? ListObservedAsync(query, cancellationToken) : inner.ListAsync(query, cancellationToken);

    public Task<long> DeleteMatchingAsync(string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken = default) =>
        observer.IsObserving ? DeleteMatchingObservedAsync(index, match, cancellationToken) : inner.DeleteMatchingAsync(index, match, cancellationToken);

    private async Task EnsureSchemaObservedAsync(CancellationToken cancellationToken)
    {
        var operation = observer.Start(StorageOperations.SchemaUpgrade, Schema);
        try
        {
            using (var applied = MigrationLog.Begin(observer))
            {
                await inner.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
                applied.Complete();
            }
            operation.Succeeded();
        }
        catch (Exception e)
        {
            operation.Failed(e);
            throw;
        }
    }

    private async Task WriteObservedAsync(string name, TEntity entity, bool upsert, CancellationToken cancellationToken)
    {
        var operation = observer.Start(name, Schema);
        EntityTelemetry<TEntity>.TagIds(operation, entity);
        try
        {
            await (upsert ? inner.UpsertAsync(entity, cancellationToken) : inner.InsertAsync(entity, cancellationToken)).ConfigureAwait(false);
            EntityTelemetry<TEntity>.RecordPayload(operation, entity);
            operation.Succeeded();
        }
        catch (Exception e)
        {
            operation.Failed(e);
            throw;
        }
    }

    private async Task<bool> TryUpdateObservedAsync(TEntity entity, CancellationToken cancellationToken)
    {
        var operation = observer.Start(StorageOperations.Update, Schema);
        EntityTelemetry<TEntity>.TagIds(operation, entity);
        try
        {
            var updated = await inner.TryUpdateAsync(entity, cancellationToken).ConfigureAwait(false);
            if (updated) EntityTelemetry<TEntity>.RecordPayload(operation, entity);
            else operation.Conflicted();
            operation.Succeeded();
            return updated;
        }
        catch (Exception e)
        {
            operation.Failed(e);
            throw;
        }
    }

    private async Task<TEntity?> GetObservedAsync(string key, CancellationToken cancellationToken)
    {
        var operation = observer.Start(StorageOperations.Get, Schema);
        EntityTelemetry<TEntity>.TagKey(operation, key);
        try
        {
            var found = await inner.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (found is not null) EntityTelemetry<TEntity>.TagIds(operation, found);
            EntityTelemetry<TEntity>.RecordPayload(operation, found);
            operation.Succeeded();
            return found;
        }
        catch (Exception e)
        {
            operation.Failed(e);
            throw;
        }
    }

    private async Task<bool> DeleteObservedAsync(string key, CancellationToken cancellationToken)
    {
        var operation = observer.Start(StorageOperations.Delete, Schema);
        EntityTelemetry<TEntity>.TagKey(operation, key);
        try
        {
            var deleted = await inner.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            operation.Succeeded();
            return deleted;
        }
        catch (Exception e)
        {
            operation.Failed(e);
            throw;
        }
    }

    private async Task<IReadOnlyList<TEntity>> ListObservedAsync(IndexQuery query, CancellationToken cancellationToken)
    {
        var operation = observer.Start(StorageOperations.List, Schema);
        EntityTelemetry<TEntity>.TagMatch(operation, query.Index, query.Match);
        try
        {
            var found = await inner.ListAsync(query, cancellationToken).ConfigureAwait(false);
            EntityTelemetry<TEntity>.RecordPayload(operation, found);
            operation.Succeeded();
            return found;
        }
        catch (Exception e)
        {
            operation.Failed(e);
            throw;
        }
    }

    private async Task<long> DeleteMatchingObservedAsync(string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken)
    {
        var operation = observer.Start(StorageOperations.DeleteMatching, Schema);
        EntityTelemetry<TEntity>.TagMatch(operation, index, match);
        try
        {
            var deleted = await inner.DeleteMatchingAsync(index, match, cancellationToken).ConfigureAwait(false);
            operation.Tag(DbAttributes.RecordCount, deleted);
            operation.Succeeded();
            return deleted;
        }
        catch (Exception e)
        {
            operation.Failed(e);
            throw;
        }
    }
}
