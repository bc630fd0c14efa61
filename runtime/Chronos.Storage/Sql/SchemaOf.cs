using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>The schema and SQL of an entity by type (the generated member is an explicit interface implementation).</summary>
internal static class SchemaOf<TEntity> where TEntity : IStorageEntity<TEntity>
{
    public static readonly EntitySchema Value = TEntity.Schema;

    /// <summary>The entity's generated SQL.</summary>
    public static readonly SqlCatalog Sql = TEntity.Sql;
}
