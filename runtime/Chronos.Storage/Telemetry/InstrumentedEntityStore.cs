using System.Collections.Immutable;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Telemetry;

/// <summary>
/// An adapter's entity store with one span, one duration measurement and the error counters per call
/// (<see cref="ObservedCall"/>). While nobody listens (<see cref="StorageObserver.IsObserving"/>) each method hands the
/// adapter's task back untouched: no state machine, no allocation, one flag check.
/// </summary>
internal sealed class InstrumentedEntityStore<TEntity>(IEntityStore<TEntity> inner, StorageObserver observer) : IEntityStore<TEntity>
    where TEntity : class, IStorageEntity<TEntity>
{
    private static readonly EntitySchema Schema = TEntity.Schema;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) =>
        observer.IsObserving
            ? ObservedCall.RunAsync(observer.Start(StorageOperations.SchemaUpgrade, Schema), (inner, observer, cancellationToken),
                static s => MigrationLog.RunAsync(s.observer, s.inner, static (store, ct) => store.EnsureSchemaAsync(ct), s.cancellationToken))
            : inner.EnsureSchemaAsync(cancellationToken);

    public Task InsertAsync(TEntity entity, CancellationToken cancellationToken = default) =>
        observer.IsObserving
            ? WriteObservedAsync(StorageOperations.Insert, entity, cancellationToken, static s => s.Inner.InsertAsync(s.Entity, s.Token))
            : inner.InsertAsync(entity, cancellationToken);

    public Task UpsertAsync(TEntity entity, CancellationToken cancellationToken = default) =>
        observer.IsObserving
            ? WriteObservedAsync(StorageOperations.Upsert, entity, cancellationToken, static s => s.Inner.UpsertAsync(s.Entity, s.Token))
            : inner.UpsertAsync(entity, cancellationToken);

    public Task<bool> TryUpdateAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        if (!observer.IsObserving) return inner.TryUpdateAsync(entity, cancellationToken);
        var operation = observer.Start(StorageOperations.Update, Schema);
        EntityTelemetry<TEntity>.TagIds(operation, entity);
        return ObservedCall.RunAsync(operation, (Inner: inner, Entity: entity, Token: cancellationToken),
            static s => s.Inner.TryUpdateAsync(s.Entity, s.Token),
            static (op, s, updated) =>
            {
                if (updated) EntityTelemetry<TEntity>.RecordPayload(op, s.Entity);
                else op.Conflicted();
            });
    }

    public Task<TEntity?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!observer.IsObserving) return inner.GetAsync(key, cancellationToken);
        var operation = observer.Start(StorageOperations.Get, Schema);
        EntityTelemetry<TEntity>.TagKey(operation, key);
        return ObservedCall.RunAsync(operation, (Inner: inner, Key: key, Token: cancellationToken),
            static s => s.Inner.GetAsync(s.Key, s.Token),
            static (op, _, found) =>
            {
                if (found is not null) EntityTelemetry<TEntity>.TagIds(op, found);
                EntityTelemetry<TEntity>.RecordPayload(op, found);
            });
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!observer.IsObserving) return inner.DeleteAsync(key, cancellationToken);
        var operation = observer.Start(StorageOperations.Delete, Schema);
        EntityTelemetry<TEntity>.TagKey(operation, key);
        return ObservedCall.RunAsync(operation, (Inner: inner, Key: key, Token: cancellationToken), static s => s.Inner.DeleteAsync(s.Key, s.Token));
    }

    public Task<IReadOnlyList<TEntity>> ListAsync(IndexQuery query, CancellationToken cancellationToken = default)
    {
        if (!observer.IsObserving) return inner.ListAsync(query, cancellationToken);
        var operation = observer.Start(StorageOperations.List, Schema);
        EntityTelemetry<TEntity>.TagMatch(operation, query.Index, query.Match);
        return ObservedCall.RunAsync(operation, (Inner: inner, Query: query, Token: cancellationToken),
            static s => s.Inner.ListAsync(s.Query, s.Token),
            static (op, _, found) => EntityTelemetry<TEntity>.RecordPayload(op, found));
    }

    public Task<long> DeleteMatchingAsync(string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken = default)
    {
        if (!observer.IsObserving) return inner.DeleteMatchingAsync(index, match, cancellationToken);
        var operation = observer.Start(StorageOperations.DeleteMatching, Schema);
        EntityTelemetry<TEntity>.TagMatch(operation, index, match);
        return ObservedCall.RunAsync(operation, (Inner: inner, Index: index, Match: match, Token: cancellationToken),
            static s => s.Inner.DeleteMatchingAsync(s.Index, s.Match, s.Token),
            static (op, _, deleted) => op.Tag(DbAttributes.RecordCount, deleted));
    }

    private Task WriteObservedAsync(string name, TEntity entity, CancellationToken cancellationToken,
        Func<(IEntityStore<TEntity> Inner, TEntity Entity, CancellationToken Token), Task> write)
    {
        var operation = observer.Start(name, Schema);
        EntityTelemetry<TEntity>.TagIds(operation, entity);
        return ObservedCall.RunAsync(operation, (Inner: inner, Entity: entity, Token: cancellationToken), write,
            static (op, s) => EntityTelemetry<TEntity>.RecordPayload(op, s.Entity));
    }
}
