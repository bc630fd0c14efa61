namespace Chronos.Storage.Vectors;

/// <summary>
/// A vector service refused a request (after retries, when the failure was transient). Carries the service's own
/// message and status so that callers and logs see what the service said; never the API key.
/// </summary>
public sealed class VectorServiceException : StorageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="backend">The backend name, e.g. <c>pinecone</c>.</param>
    /// <param name="operation">The operation, e.g. <c>Upsert</c>.</param>
    /// <param name="collection">The collection concerned, if any.</param>
    /// <param name="statusCode">The HTTP status (or the service's status code), if any.</param>
    /// <param name="serviceMessage">The service's error message, verbatim.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public VectorServiceException(string backend, string operation, string? collection, int? statusCode, string serviceMessage, Exception? inner = null)
        : base($"{backend}: '{operation}'{(collection is null ? "" : $" on collection '{collection}'")} failed" +
               $"{(statusCode is null ? "" : $" with status {statusCode}")}: {serviceMessage}", collection, null, null, inner)
    {
        Backend = backend;
        Operation = operation;
        Collection = collection;
        StatusCode = statusCode;
        ServiceMessage = serviceMessage;
    }

    /// <summary>The backend name.</summary>
    public string Backend { get; }

    /// <summary>The operation that failed.</summary>
    public string Operation { get; }

    /// <summary>The collection concerned, if any.</summary>
    public string? Collection { get; }

    /// <summary>The status the service answered with, if any.</summary>
    public int? StatusCode { get; }

    /// <summary>What the service said.</summary>
    public string ServiceMessage { get; }
}
