using Amazon.Runtime;

namespace Chronos.Storage.Dynamo;

/// <summary>Where and how <see cref="DynamoStorage"/> stores records.</summary>
public sealed record DynamoStorageOptions
{
    /// <summary>The AWS region, e.g. <c>us-east-1</c> (also the signing region when <see cref="Endpoint"/> is set).</summary>
    public required string Region { get; init; }

    /// <summary>The single table holding every entity.</summary>
    public required string TableName { get; init; }

    /// <summary>A service URL overriding the region's endpoint, e.g. DynamoDB Local's <c>http://127.0.0.1:8000</c>.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Credentials; null uses the standard AWS chain (environment, profile, container, instance role).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>
    /// The most items one DynamoDB query page may hold (the request's <c>Limit</c>); null lets DynamoDB fill pages up
    /// to 1 MB. Lists always follow <c>LastEvaluatedKey</c> across pages, so this changes cost, never results.
    /// </summary>
    public int? QueryPageSize { get; init; }

    /// <summary>
    /// JSON values whose UTF-8 text is at least this many bytes are stored Brotli-compressed (a binary attribute), as
    /// AWS advises for large attributes; smaller ones are stored as readable JSON text.
    /// </summary>
    public int CompressJsonFromBytes { get; init; } = 8 * 1024;

    /// <summary>How often a write contended by other writers (a cancelled transaction) is retried before giving up.</summary>
    public int MaxWriteAttempts { get; init; } = 100;

    /// <summary>How long <c>MigrateAsync</c> waits for the table and its indexes to become active.</summary>
    public TimeSpan ActivationTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
