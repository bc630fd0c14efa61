using System.Collections.Immutable;
using Chronos.Storage.Schema;

namespace Chronos.Storage.TestBackend;

/// <summary>An entity store that refuses every call once its <see cref="InMemoryStorage"/> is disposed.</summary>
internal sealed class DisposalGuardedEntityStore<TEntity>(IEntityStore<TEntity> inner, InMemoryStorage owner) : IEntityStore<TEntity>
    where TEntity : class, IStorageEntity<TEntity>
{
    private IEntityStore<TEntity> Inner
    {
        get
        {
            ObjectDisposedException.ThrowIf(owner.IsDisposed, owner);
            return inner;
        }
    }

    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => Inner.EnsureSchemaAsync(cancellationToken);
    public Task InsertAsync(TEntity entity, CancellationToken cancellationToken = default) => Inner.InsertAsync(entity, cancellationToken);
    public Task UpsertAsync(TEntity entity, CancellationToken cancellationToken = default) => Inner.UpsertAsync(entity, cancellationToken);
    public Task<bool> TryUpdateAsync(TEntity entity, CancellationToken cancellationToken = default) => Inner.TryUpdateAsync(entity, cancellationToken);
    public Task<TEntity?> GetAsync(string key, CancellationToken cancellationToken = default) => Inner.GetAsync(key, cancellationToken);
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => Inner.DeleteAsync(key, cancellationToken);
    public Task<IReadOnlyList<TEntity>> ListAsync(IndexQuery query, CancellationToken cancellationToken = default) => Inner.ListAsync(query, cancellationToken);
    public Task<long> DeleteMatchingAsync(string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken = default) =>
        Inner.DeleteMatchingAsync(index, match, cancellationToken);
}
