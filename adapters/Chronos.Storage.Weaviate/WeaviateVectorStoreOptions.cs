using Chronos.Storage.VectorHttp;

namespace Chronos.Storage.Weaviate;

/// <summary>Where and how to reach Weaviate (1.21 or later, auto-schema on for metadata properties).</summary>
public sealed record WeaviateVectorStoreOptions
{
    /// <summary>The server, e.g. <c>http://localhost:8080</c>.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The API key, sent as <c>Authorization: Bearer</c>; null when authentication is off. Never logged.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Retries on 429, 5xx and network failures.</summary>
    public VectorHttpRetry Retry { get; init; } = VectorHttpRetry.Default;

    /// <summary>A description without the key, for logs.</summary>
    public override string ToString() => $"Weaviate at {Endpoint}";
}
