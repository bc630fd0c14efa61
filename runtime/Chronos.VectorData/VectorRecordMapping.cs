using System.Text.Json.Nodes;
using Chronos.Storage.Vectors;

namespace Chronos.VectorData;

/// <summary>
/// How records of <typeparamref name="TRecord"/> become Chronos embeddings and back: the key is the embedding id, the
/// data properties are top-level metadata values under their storage names, the vector is the embedding vector. The
/// Chronos generator writes one for every type whose properties carry MEVD's <c>[VectorStoreKey]</c> /
/// <c>[VectorStoreData]</c> / <c>[VectorStoreVector]</c> attributes (no reflection: NativeAOT-safe); dynamic
/// collections use one built from a <c>VectorStoreCollectionDefinition</c>.
/// </summary>
/// <typeparam name="TKey">The key type: <see cref="string"/>, <see cref="Guid"/>, <see cref="int"/> or <see cref="long"/> (object for dynamic records).</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
public abstract class VectorRecordMapping<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    /// <summary>The record's properties: exactly one key, exactly one vector, any number of data properties.</summary>
    public abstract IReadOnlyList<VectorRecordProperty> Properties { get; }

    /// <summary>The vector property.</summary>
    public VectorRecordProperty Vector => Properties.First(static p => p.Role == VectorRecordPropertyRole.Vector);

    /// <summary>The key property.</summary>
    public VectorRecordProperty Key => Properties.First(static p => p.Role == VectorRecordPropertyRole.Key);

    /// <summary>The embedding id for <paramref name="key"/>.</summary>
    public abstract string ToId(TKey key);

    /// <summary>The record's key.</summary>
    public abstract TKey GetKey(TRecord record);

    /// <summary>
    /// The record's vector value: <see cref="ReadOnlyMemory{T}"/> of float, float[], an
    /// <c>Microsoft.Extensions.AI.Embedding&lt;float&gt;</c>, or a string to embed with the configured embedding generator.
    /// </summary>
    public abstract object? GetVectorValue(TRecord record);

    /// <summary>The record's data properties as metadata (storage name to JSON value).</summary>
    public abstract JsonObject ToMetadata(TRecord record);

    /// <summary>
    /// A new record from a stored embedding; the vector property is set only when <paramref name="includeVectors"/>
    /// (and the property holds numbers, not source text).
    /// </summary>
    public abstract TRecord FromEmbedding(Embedding embedding, bool includeVectors);
}
