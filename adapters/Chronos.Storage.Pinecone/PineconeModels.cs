using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chronos.Storage.Pinecone;

// Wire shapes of the Pinecone REST API (2025-10). Data plane uses camelCase, control plane snake_case: every name is
// spelled out so that a rename in C# never changes the wire.

internal sealed record PineconeVector(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("values")] float[]? Values,
    [property: JsonPropertyName("metadata")] JsonObject? Metadata);

internal sealed record PineconeUpsertRequest(
    [property: JsonPropertyName("vectors")] IReadOnlyList<PineconeVector> Vectors,
    [property: JsonPropertyName("namespace")] string Namespace);

internal sealed record PineconeUpsertResponse([property: JsonPropertyName("upsertedCount")] int UpsertedCount);

internal sealed record PineconeQueryRequest(
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("vector")] float[] Vector,
    [property: JsonPropertyName("topK")] int TopK,
    [property: JsonPropertyName("filter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Filter,
    [property: JsonPropertyName("includeValues")] bool IncludeValues,
    [property: JsonPropertyName("includeMetadata")] bool IncludeMetadata);

internal sealed record PineconeMatch(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("score")] float Score,
    [property: JsonPropertyName("values")] float[]? Values,
    [property: JsonPropertyName("metadata")] JsonObject? Metadata);

internal sealed record PineconeQueryResponse([property: JsonPropertyName("matches")] IReadOnlyList<PineconeMatch>? Matches);

internal sealed record PineconeDeleteRequest(
    [property: JsonPropertyName("ids")] IReadOnlyList<string> Ids,
    [property: JsonPropertyName("namespace")] string Namespace);

internal sealed record PineconeCreateNamespaceRequest([property: JsonPropertyName("name")] string Name);

internal sealed record PineconeNamespaceDescription([property: JsonPropertyName("name")] string? Name);

internal sealed record PineconeIndexStatus(
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("state")] string? State);

internal sealed record PineconeIndexModel(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("dimension")] int? Dimension,
    [property: JsonPropertyName("metric")] string? Metric,
    [property: JsonPropertyName("host")] string? Host,
    [property: JsonPropertyName("status")] PineconeIndexStatus? Status);

internal sealed record PineconeServerlessSpec(
    [property: JsonPropertyName("cloud")] string Cloud,
    [property: JsonPropertyName("region")] string Region);

internal sealed record PineconeIndexSpec([property: JsonPropertyName("serverless")] PineconeServerlessSpec Serverless);

internal sealed record PineconeCreateIndexRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("dimension")] int Dimension,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("spec")] PineconeIndexSpec Spec);

/// <summary>Data-plane error: <c>{"code": 3, "message": "...", "details": []}</c>.</summary>
internal sealed record PineconeDataPlaneError(
    [property: JsonPropertyName("code")] int? Code,
    [property: JsonPropertyName("message")] string? Message);

internal sealed record PineconeControlPlaneErrorDetail(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);

/// <summary>Control-plane error: <c>{"error": {"code": "NOT_FOUND", "message": "..."}, "status": 404}</c>.</summary>
internal sealed record PineconeControlPlaneError(
    [property: JsonPropertyName("error")] PineconeControlPlaneErrorDetail? Error,
    [property: JsonPropertyName("status")] int? Status);

internal sealed record PineconeFetchResponse([property: JsonPropertyName("vectors")] Dictionary<string, PineconeVector>? Vectors);

internal sealed record PineconeFetchByMetadataRequest(
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("filter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Filter,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("paginationToken"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PaginationToken);

internal sealed record PineconePagination([property: JsonPropertyName("next")] string? Next);

internal sealed record PineconeFetchByMetadataResponse(
    [property: JsonPropertyName("vectors")] Dictionary<string, PineconeVector>? Vectors,
    [property: JsonPropertyName("pagination")] PineconePagination? Pagination);

internal sealed record PineconeListNamespacesResponse(
    [property: JsonPropertyName("namespaces")] IReadOnlyList<PineconeNamespaceDescription>? Namespaces,
    [property: JsonPropertyName("pagination")] PineconePagination? Pagination);

/// <summary>An empty JSON object, for requests without a body and answers that are ignored.</summary>
internal sealed record PineconeEmpty;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PineconeUpsertRequest))]
[JsonSerializable(typeof(PineconeUpsertResponse))]
[JsonSerializable(typeof(PineconeQueryRequest))]
[JsonSerializable(typeof(PineconeQueryResponse))]
[JsonSerializable(typeof(PineconeDeleteRequest))]
[JsonSerializable(typeof(PineconeCreateNamespaceRequest))]
[JsonSerializable(typeof(PineconeNamespaceDescription))]
[JsonSerializable(typeof(PineconeIndexModel))]
[JsonSerializable(typeof(PineconeCreateIndexRequest))]
[JsonSerializable(typeof(PineconeDataPlaneError))]
[JsonSerializable(typeof(PineconeControlPlaneError))]
[JsonSerializable(typeof(PineconeControlPlaneErrorDetail))]
[JsonSerializable(typeof(PineconeEmpty))]
[JsonSerializable(typeof(PineconeFetchResponse))]
[JsonSerializable(typeof(PineconeFetchByMetadataRequest))]
[JsonSerializable(typeof(PineconeFetchByMetadataResponse))]
[JsonSerializable(typeof(PineconeListNamespacesResponse))]
internal sealed partial class PineconeJsonContext : JsonSerializerContext;
