namespace Chronos.Storage.Qdrant;

/// <summary>Where and how to reach Qdrant's gRPC API.</summary>
public sealed record QdrantVectorStoreOptions
{
    /// <summary>The gRPC endpoint, e.g. <c>http://localhost:6334</c> (https for Qdrant Cloud).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The API key, sent in the <c>api-key</c> header; null when authentication is off. Never logged.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Per-call timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt when Qdrant is unavailable or overloaded.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First retry delay; doubles each retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A description without the API key, for logs.</summary>
    public override string ToString() => $"Qdrant at {Endpoint}";
}
