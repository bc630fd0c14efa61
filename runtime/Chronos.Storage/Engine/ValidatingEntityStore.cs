using System.Collections.Immutable;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage;

/// <summary>
/// What <see cref="IStorage.Entities{TEntity}"/> returns: the adapter's store behind <see cref="EntityValidator"/> and
/// <see cref="StorageEngine.Stored{TEntity}"/> (compression, size limits), so
/// that an application's own entities are held to the same rules as the built-in ones, and refused once
/// <paramref name="engine"/> is disposed like every other operation of the engine.
/// </summary>
internal sealed class ValidatingEntityStore<TEntity>(IEntityStore<TEntity> adapterStore, StorageEngine engine) : IEntityStore<TEntity>
    where TEntity : class, IStorageEntity<TEntity>
{
    private IEntityStore<TEntity> Inner
    {
        get
        {
            engine.ThrowIfDisposed();
            return adapterStore;
        }
    }

    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => Inner.EnsureSchemaAsync(cancellationToken);

    public Task InsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        Validate(entity);
        return Inner.InsertAsync(engine.Stored(entity, out _), cancellationToken);
    }

    public Task UpsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        Validate(entity);
        return Inner.UpsertAsync(engine.Stored(entity, out _), cancellationToken);
    }

    public Task<bool> TryUpdateAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        Validate(entity);
        return Inner.TryUpdateAsync(engine.Stored(entity, out _), cancellationToken);
    }

    public Task<TEntity?> GetAsync(string key, CancellationToken cancellationToken = default) => Inner.GetAsync(key, cancellationToken);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => Inner.DeleteAsync(key, cancellationToken);

    public Task<IReadOnlyList<TEntity>> ListAsync(IndexQuery query, CancellationToken cancellationToken = default) =>
        Inner.ListAsync(query, cancellationToken);

    public Task<long> DeleteMatchingAsync(string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken = default) =>
        Inner.DeleteMatchingAsync(index, match, cancellationToken);

    private void Validate(TEntity entity)
    {
        engine.ThrowIfDisposed();
        Guard.NotNull(entity, nameof(entity));
        EntityValidator.Validate(entity);
    }
}
