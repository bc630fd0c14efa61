using System.Collections.Immutable;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage;

/// <summary>
/// What <see cref="IStorage.Entities{TEntity}"/> returns: the adapter's store behind <see cref="EntityValidator"/>, so
/// that an application's own entities are held to the same rules as the built-in ones.
/// </summary>
internal sealed class ValidatingEntityStore<TEntity>(IEntityStore<TEntity> inner) : IEntityStore<TEntity>
    where TEntity : class, IStorageEntity<TEntity>
{
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => inner.EnsureSchemaAsync(cancellationToken);

    public Task InsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        Validate(entity);
        return inner.InsertAsync(entity, cancellationToken);
    }

    public Task UpsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        Validate(entity);
        return inner.UpsertAsync(entity, cancellationToken);
    }

    public Task<bool> TryUpdateAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        Validate(entity);
        return inner.TryUpdateAsync(entity, cancellationToken);
    }

    public Task<TEntity?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public Task<IReadOnlyList<TEntity>> ListAsync(IndexQuery query, CancellationToken cancellationToken = default) =>
        inner.ListAsync(query, cancellationToken);

    public Task<long> DeleteMatchingAsync(string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken = default) =>
        inner.DeleteMatchingAsync(index, match, cancellationToken);

    private static void Validate(TEntity entity)
    {
        Guard.NotNull(entity, nameof(entity));
        EntityValidator.Validate(entity);
    }
}
