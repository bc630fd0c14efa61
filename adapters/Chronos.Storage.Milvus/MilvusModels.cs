using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chronos.Storage.Milvus;

// Wire shapes of the Milvus REST API v2 (/v2/vectordb/...). Every answer is HTTP 200 with {"code", "message", "data"};
// code 0 means success.

internal sealed record MilvusResponse<T>(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("data")] T? Data);

internal sealed record MilvusCollectionRequest(
    [property: JsonPropertyName("dbName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DbName,
    [property: JsonPropertyName("collectionName")] string CollectionName);

internal sealed record MilvusFieldSchema(
    [property: JsonPropertyName("fieldName")] string FieldName,
    [property: JsonPropertyName("dataType")] string DataType,
    [property: JsonPropertyName("isPrimary"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool IsPrimary,
    [property: JsonPropertyName("elementTypeParams"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, string>? ElementTypeParams);

internal sealed record MilvusSchema(
    [property: JsonPropertyName("autoID")] bool AutoId,
    [property: JsonPropertyName("enableDynamicField")] bool EnableDynamicField,
    [property: JsonPropertyName("fields")] IReadOnlyList<MilvusFieldSchema> Fields);

internal sealed record MilvusIndexParam(
    [property: JsonPropertyName("fieldName")] string FieldName,
    [property: JsonPropertyName("indexName")] string IndexName,
    [property: JsonPropertyName("metricType")] string MetricType,
    [property: JsonPropertyName("indexType")] string IndexType);

internal sealed record MilvusCreateCollectionRequest(
    [property: JsonPropertyName("dbName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DbName,
    [property: JsonPropertyName("collectionName")] string CollectionName,
    [property: JsonPropertyName("schema")] MilvusSchema Schema,
    [property: JsonPropertyName("indexParams")] IReadOnlyList<MilvusIndexParam> IndexParams);

internal sealed record MilvusKeyValue(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("value")] string Value);

internal sealed record MilvusDescribedField(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("params")] IReadOnlyList<MilvusKeyValue>? Params);

internal sealed record MilvusDescribedIndex(
    [property: JsonPropertyName("fieldName")] string FieldName,
    [property: JsonPropertyName("metricType")] string? MetricType);

internal sealed record MilvusCollectionDescription(
    [property: JsonPropertyName("collectionName")] string CollectionName,
    [property: JsonPropertyName("fields")] IReadOnlyList<MilvusDescribedField>? Fields,
    [property: JsonPropertyName("indexes")] IReadOnlyList<MilvusDescribedIndex>? Indexes);

internal sealed record MilvusEntity(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("vector")] float[] Vector,
    [property: JsonPropertyName("metadata")] JsonObject Metadata,
    [property: JsonPropertyName("content")] string Content);

internal sealed record MilvusUpsertRequest(
    [property: JsonPropertyName("dbName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DbName,
    [property: JsonPropertyName("collectionName")] string CollectionName,
    [property: JsonPropertyName("data")] IReadOnlyList<MilvusEntity> Data);

internal sealed record MilvusSearchRequest(
    [property: JsonPropertyName("dbName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DbName,
    [property: JsonPropertyName("collectionName")] string CollectionName,
    [property: JsonPropertyName("data")] IReadOnlyList<float[]> Data,
    [property: JsonPropertyName("annsField")] string AnnsField,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("filter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Filter,
    [property: JsonPropertyName("exprParams"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? ExprParams,
    [property: JsonPropertyName("outputFields")] IReadOnlyList<string> OutputFields,
    [property: JsonPropertyName("consistencyLevel")] string ConsistencyLevel);

internal sealed record MilvusHit(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("distance")] float Distance,
    [property: JsonPropertyName("vector")] float[]? Vector,
    [property: JsonPropertyName("metadata")] JsonNode? Metadata,
    [property: JsonPropertyName("content")] string? Content);

internal sealed record MilvusDeleteRequest(
    [property: JsonPropertyName("dbName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DbName,
    [property: JsonPropertyName("collectionName")] string CollectionName,
    [property: JsonPropertyName("filter")] string Filter,
    [property: JsonPropertyName("exprParams")] JsonObject ExprParams);

internal sealed record MilvusQueryRequest(
    [property: JsonPropertyName("dbName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DbName,
    [property: JsonPropertyName("collectionName")] string CollectionName,
    [property: JsonPropertyName("filter")] string Filter,
    [property: JsonPropertyName("exprParams"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? ExprParams,
    [property: JsonPropertyName("outputFields")] IReadOnlyList<string> OutputFields,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("consistencyLevel")] string ConsistencyLevel);

internal sealed record MilvusGetRequest(
    [property: JsonPropertyName("dbName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DbName,
    [property: JsonPropertyName("collectionName")] string CollectionName,
    [property: JsonPropertyName("id")] IReadOnlyList<string> Id,
    [property: JsonPropertyName("outputFields")] IReadOnlyList<string> OutputFields,
    [property: JsonPropertyName("consistencyLevel")] string ConsistencyLevel);

internal sealed record MilvusDatabaseRequest(
    [property: JsonPropertyName("dbName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DbName);

[JsonSerializable(typeof(MilvusQueryRequest))]
[JsonSerializable(typeof(MilvusGetRequest))]
[JsonSerializable(typeof(MilvusDatabaseRequest))]
[JsonSerializable(typeof(MilvusResponse<IReadOnlyList<string>>))]
[JsonSerializable(typeof(MilvusCollectionRequest))]
[JsonSerializable(typeof(MilvusCreateCollectionRequest))]
[JsonSerializable(typeof(MilvusUpsertRequest))]
[JsonSerializable(typeof(MilvusSearchRequest))]
[JsonSerializable(typeof(MilvusDeleteRequest))]
[JsonSerializable(typeof(MilvusResponse<MilvusCollectionDescription>))]
[JsonSerializable(typeof(MilvusResponse<IReadOnlyList<MilvusHit>>))]
[JsonSerializable(typeof(MilvusResponse<JsonElement>))]
internal sealed partial class MilvusJsonContext : JsonSerializerContext;
