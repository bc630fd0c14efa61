namespace Chronos.Storage.Vectors;

/// <summary>A vector does not have the collection's dimension. Raised before anything is sent; nothing was written.</summary>
public sealed class VectorDimensionMismatchException : StorageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="embeddingId">The embedding whose vector is wrong, or null for a search query.</param>
    /// <param name="paramName">The argument that carried it, e.g. <c>embeddings[3].Vector</c>.</param>
    /// <param name="expected">The collection's dimension.</param>
    /// <param name="actual">The vector's length.</param>
    public VectorDimensionMismatchException(string collection, string? embeddingId, string paramName, int expected, int actual)
        : base(
            embeddingId is null
                ? $"Collection '{collection}': {paramName} has {actual} dimensions; the collection has {expected}. Nothing was sent."
                : $"Collection '{collection}': {paramName} (embedding '{embeddingId}') has {actual} dimensions; the collection has {expected}. Nothing was sent.",
            collection, embeddingId, "vector")
    {
        Collection = collection;
        ParamName = paramName;
        ExpectedDimension = expected;
        ActualDimension = actual;
    }

    /// <summary>The collection.</summary>
    public string Collection { get; }

    /// <summary>The argument that carried the vector.</summary>
    public string ParamName { get; }

    /// <summary>The collection's dimension.</summary>
    public int ExpectedDimension { get; }

    /// <summary>The vector's length.</summary>
    public int ActualDimension { get; }
}
