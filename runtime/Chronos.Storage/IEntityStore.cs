using System.Collections.Immutable;
using Chronos.Storage.Schema;

namespace Chronos.Storage;

/// <summary>
/// Generic persistence of one <see cref="StorageEntityAttribute"/> record on one backend, driven entirely by the
/// generated mapping. Built-in entities and the application's own use the same implementation.
/// </summary>
/// <typeparam name="TEntity">The record.</typeparam>
public interface IEntityStore<TEntity> where TEntity : class, IStorageEntity<TEntity>
{
    /// <summary>Creates the entity's table/collection/indexes if missing. Idempotent.</summary>
    Task EnsureSchemaAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts a new record.</summary>
    /// <exception cref="DuplicateKeyException">The key (or a unique index entry) is taken; nothing written.</exception>
    Task InsertAsync(TEntity entity, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces by key.</summary>
    Task UpsertAsync(TEntity entity, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the record when its concurrency field equals the stored one, storing that value + 1.
    /// </summary>
    /// <returns>False when the record is missing or its version is stale; nothing was changed then.</returns>
    Task<bool> TryUpdateAsync(TEntity entity, CancellationToken cancellationToken = default);

    /// <summary>The record with this key, or null.</summary>
    Task<TEntity?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes by key.</summary>
    /// <returns>Whether a record was deleted.</returns>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Records along a declared index.</summary>
    Task<IReadOnlyList<TEntity>> ListAsync(IndexQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes every record whose match fields of <paramref name="index"/> equal <paramref name="match"/>.</summary>
    /// <returns>How many were deleted.</returns>
    Task<long> DeleteMatchingAsync(string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken = default);
}
