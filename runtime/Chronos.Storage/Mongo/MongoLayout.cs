using System.Collections.Immutable;

namespace Chronos.Storage.Mongo;

/// <summary>
/// The generated MongoDB mapping of one entity: plain names and index declarations, no driver types (the runtime does
/// not reference the driver). Emitted from the same model as the schema, so a field or index added to the spec
/// changes this too.
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
