using Chronos.Storage.VectorHttp;

namespace Chronos.Storage.Pinecone;

/// <summary>
/// Where and how to reach Pinecone. Each collection is a namespace of one serverless index, so every collection has
/// the index's dimension.
/// </summary>
public sealed record PineconeVectorStoreOptions
{
    /// <summary>The API key, sent in the <c>Api-Key</c> header. Never logged or put in a message.</summary>
    public required string ApiKey { get; init; }

    /// <summary>The index that holds the collections; created on the first <c>CreateCollectionAsync</c> if missing.</summary>
    public required string IndexName { get; init; }

    /// <summary>The control plane (index management).</summary>
    public Uri ControlPlaneUrl { get; init; } = new("https://api.pinecone.io");

    /// <summary>The index's data-plane URL; when null it is read from the index description.</summary>
    public Uri? IndexHost { get; init; }

    /// <summary>Cloud for a new serverless index.</summary>
    public string Cloud { get; init; } = "aws";

    /// <summary>Region for a new serverless index.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The API version sent in <c>X-Pinecone-Api-Version</c> (namespaces need 2025-10 or later).</summary>
    public string ApiVersion { get; init; } = "2025-10";

    /// <summary>How long <c>CreateCollectionAsync</c> waits for a new index to become ready.</summary>
    public TimeSpan IndexReadyTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Retries on 429, 5xx and network failures.</summary>
    public VectorHttpRetry Retry { get; init; } = VectorHttpRetry.Default;

    /// <summary>A description without the API key, for logs.</summary>
    public override string ToString() => $"Pinecone index '{IndexName}' via {ControlPlaneUrl} (api {ApiVersion})";
}
