namespace Chronos.Storage.Vectors;

/// <summary>The collection does not exist: create it with <see cref="IVectorStore.CreateCollectionAsync"/> first.</summary>
public sealed class VectorCollectionNotFoundException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public VectorCollectionNotFoundException(string backend, string collection, string operation)
        : base($"{backend}: collection '{collection}' does not exist ({operation}). Create it with CreateCollectionAsync first.",
            collection, null, null)
    {
        Backend = backend;
        Collection = collection;
        Operation = operation;
    }

    /// <summary>The backend name, e.g. <c>qdrant</c>.</summary>
    public string Backend { get; }

    /// <summary>The missing collection.</summary>
    public string Collection { get; }

    /// <summary>The operation that needed it.</summary>
    public string Operation { get; }
}
