namespace Chronos.Storage.Vectors;

/// <summary>
/// The backend cannot do what was asked (a filter construct, or an operation such as reading embeddings by id).
/// Raised before any request: nothing was sent and nothing changed.
/// </summary>
public sealed class VectorCapabilityNotSupportedException : StorageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="backend">The backend name, e.g. <c>pinecone</c>.</param>
    /// <param name="collection">The collection, if any.</param>
    /// <param name="construct">What is not supported, e.g. <c>filter 'tag != "a"'</c> or <c>GetAsync (read by id)</c>.</param>
    /// <param name="hint">What the caller can do instead, or null.</param>
    public VectorCapabilityNotSupportedException(string backend, string? collection, string construct, string? hint = null)
        : base($"{backend}: {construct} is not supported by this backend{(collection is null ? "" : $" (collection '{collection}')")}; nothing was sent.{(hint is null ? "" : " " + hint)}",
            collection, null, null)
    {
        Backend = backend;
        Collection = collection;
        Construct = construct;
    }

    /// <summary>The backend name.</summary>
    public string Backend { get; }

    /// <summary>The collection, if any.</summary>
    public string? Collection { get; }

    /// <summary>What is not supported.</summary>
    public string Construct { get; }
}
