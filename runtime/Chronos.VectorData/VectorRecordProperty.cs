namespace Chronos.VectorData;

/// <summary>What a property of a vector record is.</summary>
public enum VectorRecordPropertyRole
{
    /// <summary>The key (<c>[VectorStoreKey]</c>): the Chronos embedding id.</summary>
    Key,
    /// <summary>A data property (<c>[VectorStoreData]</c>): a top-level metadata value under its storage name.</summary>
    Data,
    /// <summary>The vector (<c>[VectorStoreVector]</c>): the Chronos embedding vector.</summary>
    Vector,
}

/// <summary>One property of a vector record as the mapping stores it.</summary>
/// <param name="Name">The property name in the record (C# name, or the dictionary key of a dynamic record).</param>
/// <param name="StorageName">The metadata key it is stored under (<c>StorageName</c> of the attribute, else <paramref name="Name"/>).</param>
/// <param name="Role">Key, data or vector.</param>
/// <param name="IsCollection">True for a data property holding an array or list (filters use <c>Contains</c> on it).</param>
public sealed record VectorRecordProperty(string Name, string StorageName, VectorRecordPropertyRole Role, bool IsCollection = false)
{
    /// <summary>The vector's dimension (vector property only).</summary>
    public int Dimensions { get; init; }

    /// <summary>The MEVD distance function asked for (<c>DistanceFunction</c> constants), or null for the default (cosine similarity).</summary>
    public string? DistanceFunction { get; init; }

    /// <summary>The MEVD index kind asked for (<c>IndexKind</c> constants), or null for the backend's default.</summary>
    public string? IndexKind { get; init; }
}
