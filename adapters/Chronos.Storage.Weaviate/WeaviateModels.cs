using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chronos.Storage.Weaviate;

// Wire shapes of Weaviate's REST (/v1/schema, /v1/batch/objects) and GraphQL (/v1/graphql) APIs.

internal sealed record WeaviateProperty(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("dataType")] IReadOnlyList<string> DataType);

internal sealed record WeaviateVectorIndexConfig([property: JsonPropertyName("distance")] string Distance);

/// <summary><c>indexNullState</c> makes the <c>IsNull</c> filter operator usable (objects without a property).</summary>
internal sealed record WeaviateInvertedIndexConfig([property: JsonPropertyName("indexNullState")] bool? IndexNullState);

internal sealed record WeaviateClass(
    [property: JsonPropertyName("class")] string Class,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("vectorizer")] string? Vectorizer,
    [property: JsonPropertyName("vectorIndexConfig")] WeaviateVectorIndexConfig? VectorIndexConfig,
    [property: JsonPropertyName("properties")] IReadOnlyList<WeaviateProperty>? Properties,
    [property: JsonPropertyName("invertedIndexConfig")] WeaviateInvertedIndexConfig? InvertedIndexConfig = null);

internal sealed record WeaviateObject(
    [property: JsonPropertyName("class")] string Class,
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("vector")] float[] Vector,
    [property: JsonPropertyName("properties")] JsonObject Properties);

internal sealed record WeaviateBatchRequest([property: JsonPropertyName("objects")] IReadOnlyList<WeaviateObject> Objects);

internal sealed record WeaviateErrorItem([property: JsonPropertyName("message")] string? Message);

internal sealed record WeaviateErrorList([property: JsonPropertyName("error")] IReadOnlyList<WeaviateErrorItem>? Error);

internal sealed record WeaviateBatchResult([property: JsonPropertyName("errors")] WeaviateErrorList? Errors);

internal sealed record WeaviateBatchItem(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("result")] WeaviateBatchResult? Result);

internal sealed record WeaviateWhere(
    [property: JsonPropertyName("path")] IReadOnlyList<string> Path,
    [property: JsonPropertyName("operator")] string Operator,
    [property: JsonPropertyName("valueTextArray")] IReadOnlyList<string> ValueTextArray);

internal sealed record WeaviateMatch(
    [property: JsonPropertyName("class")] string Class,
    [property: JsonPropertyName("where")] WeaviateWhere Where);

internal sealed record WeaviateBatchDeleteRequest([property: JsonPropertyName("match")] WeaviateMatch Match);

internal sealed record WeaviateGraphQLRequest(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("variables")] JsonObject Variables);

internal sealed record WeaviateGraphQLError([property: JsonPropertyName("message")] string? Message);

internal sealed record WeaviateGraphQLResponse(
    [property: JsonPropertyName("data")] JsonObject? Data,
    [property: JsonPropertyName("errors")] IReadOnlyList<WeaviateGraphQLError>? Errors);

/// <summary>Stands for "no request body" in GET and DELETE calls.</summary>
internal sealed record WeaviateNoBody;

internal sealed record WeaviateSchema([property: JsonPropertyName("classes")] IReadOnlyList<WeaviateClass>? Classes);

[JsonSerializable(typeof(WeaviateSchema))]
[JsonSerializable(typeof(WeaviateClass))]
[JsonSerializable(typeof(WeaviateBatchRequest))]
[JsonSerializable(typeof(IReadOnlyList<WeaviateBatchItem>))]
[JsonSerializable(typeof(WeaviateBatchDeleteRequest))]
[JsonSerializable(typeof(WeaviateGraphQLRequest))]
[JsonSerializable(typeof(WeaviateGraphQLResponse))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(WeaviateNoBody))]
internal sealed partial class WeaviateJsonContext : JsonSerializerContext;
