using System.Collections.Immutable;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Mongo;

/// <summary>
/// The MongoDB mapping of one entity: plain names and index declarations, derived once per entity type from its
/// generated <see cref="EntitySchema"/> (<see cref="Of{TEntity}"/>), so a field or index added to the spec changes
/// this too.
/// </summary>
/// <param name="Collection">The collection name (the entity's storage name).</param>
/// <param name="ElementNames">
/// BSON element name per field ordinal: the storage name, except the key field, which is <c>_id</c> so that MongoDB's
/// own primary index enforces the key.
/// </param>
/// <param name="Indexes">One index model per declared index, in spec order.</param>
public sealed record MongoLayout(string Collection, ImmutableArray<string> ElementNames, ImmutableArray<MongoIndexLayout> Indexes)
{
    /// <summary>The element that holds the entity key.</summary>
    public const string IdElement = "_id";

    /// <summary>The index model generated for the spec index <paramref name="specIndexName"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such index.</exception>
    public MongoIndexLayout Index(string specIndexName)
    {
        foreach (var index in Indexes)
        {
            if (index.SpecName == specIndexName) return index;
        }
        throw new KeyNotFoundException($"Collection '{Collection}' has no index generated for '{specIndexName}'.");
    }

    /// <summary>The layout of <typeparamref name="TEntity"/>, derived on first use and then shared (no reflection).</summary>
    public static MongoLayout Of<TEntity>() where TEntity : IStorageEntity<TEntity> => Cache<TEntity>.Layout;

    /// <summary>
    /// Derives the mapping from a schema: the key field is <c>_id</c> (MongoDB's primary index enforces the key), every
    /// other field its storage name; per declared index the match elements ascending, then the sort keys in their
    /// directions, named <c>ix_/ux_{collection}_{index}</c> like the SQL indexes.
    /// </summary>
    public static MongoLayout From(EntitySchema schema)
    {
        var elements = schema.Fields.Select(f => f.Ordinal == schema.KeyOrdinal ? IdElement : f.StorageName).ToImmutableArray();
        var indexes = ImmutableArray.CreateBuilder<MongoIndexLayout>(schema.Indexes.Length);
        foreach (var index in schema.Indexes)
        {
            var keys = ImmutableArray.CreateBuilder<MongoIndexKey>(index.MatchOrdinals.Length + index.Order.Length);
            foreach (var ordinal in index.MatchOrdinals) keys.Add(new MongoIndexKey(elements[ordinal], Descending: false));
            foreach (var sort in index.Order) keys.Add(new MongoIndexKey(elements[sort.Ordinal], sort.Descending));
            var name = (index.IsUnique ? "ux_" : "ix_") + schema.StorageName + "_" + index.Name;
            indexes.Add(new MongoIndexLayout(index.Name, name, keys.MoveToImmutable(), index.IsUnique));
        }
        return new MongoLayout(schema.StorageName, elements, indexes.MoveToImmutable());
    }

    /// <summary>One layout per entity type: a static generic field, initialised once by the runtime (AOT-safe).</summary>
    private static class Cache<TEntity> where TEntity : IStorageEntity<TEntity>
    {
        public static readonly MongoLayout Layout = From(TEntity.Schema);
    }
}

/// <summary>One MongoDB index model derived from a declared index.</summary>
/// <param name="SpecName">The spec's index name, e.g. <c>by_agent</c>.</param>
/// <param name="Name">The MongoDB index name, e.g. <c>ix_sessions_by_agent</c> (stable, so creation is idempotent).</param>
/// <param name="Keys">Match elements ascending, then the sort elements in their declared directions.</param>
/// <param name="IsUnique">Whether MongoDB enforces uniqueness of the key tuple.</param>
public sealed record MongoIndexLayout(string SpecName, string Name, ImmutableArray<MongoIndexKey> Keys, bool IsUnique);

/// <summary>One key of a MongoDB index.</summary>
/// <param name="Element">The BSON element name.</param>
/// <param name="Descending">True for <c>-1</c>, false for <c>1</c>.</param>
public readonly record struct MongoIndexKey(string Element, bool Descending);
