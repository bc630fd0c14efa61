using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>The schema of an entity by type (the generated member is an explicit interface implementation).</summary>
internal static class SchemaOf<TEntity> where TEntity : IStorageEntity<TEntity>
{
    public static readonly EntitySchema Value = TEntity.Schema;
}
