namespace Chronos.Storage.Vectors;

/// <summary>
/// What a vector store can do beyond what every backend does (create, delete, upsert, search, delete by id, check a
/// collection exists, filter by equalities). A call that needs a missing capability is refused with
/// <see cref="VectorCapabilityNotSupportedException"/> before any request.
/// </summary>
[Flags]
public enum VectorStoreCapabilities
{
    /// <summary>Only what every backend does.</summary>
    None = 0,
    /// <summary><see cref="IVectorStore.GetAsync"/>: read embeddings by id.</summary>
    GetById = 1,
    /// <summary><see cref="IVectorStore.QueryAsync"/>: list embeddings by filter, without a query vector.</summary>
    Query = 2,
    /// <summary><see cref="IVectorStore.ListCollectionsAsync"/>.</summary>
    ListCollections = 4,
    /// <summary>Every <see cref="VectorFilter"/> (not only equalities joined by AND) in searches and queries.</summary>
    AnyFilter = 8,
}
