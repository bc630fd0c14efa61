using Chronos.Storage.VectorHttp;

namespace Chronos.Storage.Milvus;

/// <summary>Where and how to reach Milvus (2.5 or later, or Zilliz Cloud) through its REST API v2.</summary>
public sealed record MilvusVectorStoreOptions
{
    /// <summary>The server, e.g. <c>http://localhost:19530</c>.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>
    /// <c>user:password</c> or a Zilliz Cloud API key, sent as <c>Authorization: Bearer</c>; null when authentication is off.
    /// Never logged or put in a message.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>The database; null for the server's default.</summary>
    public string? Database { get; init; }

    /// <summary>Retries on 429, 5xx and network failures.</summary>
    public VectorHttpRetry Retry { get; init; } = VectorHttpRetry.Default;

    /// <summary>A description without the token, for logs.</summary>
    public override string ToString() => $"Milvus at {Endpoint}{(Database is null ? "" : $" database '{Database}'")}";
}
