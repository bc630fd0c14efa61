using Chronos.Storage.Providers;
using Chronos.Storage.Schema;
using Chronos.Storage.Validation;

namespace Chronos.Storage;

/// <summary>
/// Checks a record against <see cref="StorageLimits"/> and its schema's required fields, once, before any backend
/// writes it. <see cref="StorageEngine"/> calls it for every write, built-in entities and <c>Entities&lt;T&gt;()</c> alike.
/// </summary>
internal static class EntityValidator
{
    /// <summary>Throws when <paramref name="entity"/> may not be stored.</summary>
    /// <exception cref="StorageArgumentException">Names the entity, the record's id, the field and (for JSON) the JSON path.</exception>
    public static void Validate<TEntity>(TEntity entity) where TEntity : IStorageEntity<TEntity>
    {
        var writer = new ValidatingFieldWriter(TEntity.Schema, TEntity.GetKey(entity));
        TEntity.Write(entity, ref writer);
    }
}
