namespace Chronos.Storage.VectorHttp;

/// <summary>How a REST vector adapter retries a request the service could not serve (HTTP 429, 5xx, network failure).</summary>
public sealed record VectorHttpRetry
{
    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>First delay; it doubles each retry, with jitter. A Retry-After header from the service wins.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The defaults.</summary>
    public static VectorHttpRetry Default { get; } = new();
}
