using System.Collections.Immutable;

namespace Chronos.Storage.Schema;

/// <summary>
/// The generated description of one persisted entity, taken from the checked-in schema spec and the record.
/// Adapters read names, key, indexes and version from here; they never reflect over the record.
/// </summary>
public sealed class EntitySchema
{
    /// <summary>Creates a schema. Called by generated code.</summary>
    public EntitySchema(
        string entityName,
        string storageName,
        int version,
        ImmutableArray<FieldSchema> fields,
        int keyOrdinal,
        ImmutableArray<IndexSchema> indexes,
        int? concurrencyOrdinal,
        string specHash)
    {
        EntityName = entityName;
        StorageName = storageName;
        Version = version;
        Fields = fields;
        KeyOrdinal = keyOrdinal;
        Indexes = indexes;
        ConcurrencyOrdinal = concurrencyOrdinal;
        SpecHash = specHash;
    }

    /// <summary>The spec's entity name (the record's name unless the attribute says otherwise).</summary>
    public string EntityName { get; }

    /// <summary>Table, collection and key-prefix name.</summary>
    public string StorageName { get; }

    /// <summary>The spec version this code was generated from.</summary>
    public int Version { get; }

    /// <summary>Persisted fields in spec order; a field's ordinal is its index here.</summary>
    public ImmutableArray<FieldSchema> Fields { get; }

    /// <summary>Ordinal of the primary key field (always a string).</summary>
    public int KeyOrdinal { get; }

    /// <summary>The primary key field.</summary>
    public FieldSchema Key => Fields[KeyOrdinal];

    /// <summary>Declared indexes in spec order.</summary>
    public ImmutableArray<IndexSchema> Indexes { get; }

    /// <summary>Ordinal of the optimistic-concurrency version field, if the entity has one.</summary>
    public int? ConcurrencyOrdinal { get; }

    /// <summary>A stable hash of the entity's spec, recorded by migrations to notice hand-edited stores.</summary>
    public string SpecHash { get; }

    /// <summary>The declared index with this name.</summary>
    /// <exception cref="KeyNotFoundException">The spec declares no such index.</exception>
    public IndexSchema Index(string name)
    {
        foreach (var index in Indexes)
        {
            if (index.Name == name) return index;
        }
        throw new KeyNotFoundException($"Entity '{EntityName}' declares no index '{name}'.");
    }

    /// <summary>The position of the named index in <see cref="Indexes"/>.</summary>
    public int IndexPosition(string name)
    {
        for (var i = 0; i < Indexes.Length; i++)
        {
            if (Indexes[i].Name == name) return i;
        }
        throw new KeyNotFoundException($"Entity '{EntityName}' declares no index '{name}'.");
    }
}
