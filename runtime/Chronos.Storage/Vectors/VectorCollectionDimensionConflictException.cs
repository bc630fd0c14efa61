namespace Chronos.Storage.Vectors;

/// <summary>
/// <see cref="IVectorStore.CreateCollectionAsync"/> found the collection already there with another dimension. The
/// existing collection was left as it is.
/// </summary>
public sealed class VectorCollectionDimensionConflictException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public VectorCollectionDimensionConflictException(string backend, string collection, int existingDimension, int requestedDimension)
        : base($"{backend}: collection '{collection}' already exists with dimension {existingDimension}; " +
               $"{requestedDimension} was requested. The existing collection was not changed.",
            collection, null, "dimension")
    {
        Backend = backend;
        Collection = collection;
        ExistingDimension = existingDimension;
        RequestedDimension = requestedDimension;
    }

    /// <summary>The backend name.</summary>
    public string Backend { get; }

    /// <summary>The collection.</summary>
    public string Collection { get; }

    /// <summary>The dimension it has.</summary>
    public int ExistingDimension { get; }

    /// <summary>The dimension that was asked for.</summary>
    public int RequestedDimension { get; }
}
