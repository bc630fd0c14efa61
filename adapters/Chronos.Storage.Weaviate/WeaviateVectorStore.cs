using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using Chronos.Storage.VectorHttp;

namespace Chronos.Storage.Weaviate;

/// <summary>
/// Weaviate over REST (schema, batch objects) and GraphQL (<c>nearVector</c> with variables). A collection is a class
/// with <c>vectorizer: none</c> and the cosine distance; objects are keyed by a stable UUID of the string id, which is
/// kept in <c>chronos_id</c>. Score = 1 - cosine distance = cosine similarity. Filters become GraphQL <c>where</c>
/// arguments (<see cref="WeaviateFilter"/>), typed from the class schema.
/// </summary>
public sealed class WeaviateVectorStore : HttpVectorStore<WeaviateVectorStoreOptions>
{
    private const string Backend = "weaviate";

    // Objects read per GraphQL request when listing by filter (Weaviate caps offset + limit at QUERY_MAXIMUM_RESULTS, 10,000 by default).
    private const int QueryPage = 1000;

    /// <summary>Creates the store with its own <see cref="HttpClient"/>.</summary>
    public WeaviateVectorStore(WeaviateVectorStoreOptions options)
        : base(Backend, options, Protocol)
    {
    }

    /// <summary>Creates the store on a caller's <see cref="HttpClient"/>, which it does not dispose.</summary>
    public WeaviateVectorStore(WeaviateVectorStoreOptions options, HttpClient httpClient)
        : base(Backend, options, Protocol, httpClient)
    {
    }

    private static VectorHttpProtocol Protocol(WeaviateVectorStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.Endpoint);
        return new VectorHttpProtocol(VectorHttpTransport.BearerToken(options.ApiKey), ReadErrorMessage, options.Retry);
    }

    /// <inheritdoc />
    protected override async Task<int?> GetCollectionDimensionCoreAsync(string collection, CancellationToken cancellationToken)
    {
        var schema = await GetClassAsync(collection, cancellationToken).ConfigureAwait(false);
        if (schema is null)
        {
            return null;
        }
        var description = schema.Description ?? "";
        var at = description.IndexOf(WeaviateStore.DimensionMarker, StringComparison.Ordinal);
        if (at < 0 || !int.TryParse(description.AsSpan(at + WeaviateStore.DimensionMarker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var dimension))
        {
            throw new StorageConfigurationException(
                $"{Backend}: class '{schema.Class}' exists but was not created by Chronos (its description does not record a dimension).");
        }
        if (!string.Equals(schema.VectorIndexConfig?.Distance, "cosine", StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageConfigurationException(
                $"{Backend}: class '{schema.Class}' uses the '{schema.VectorIndexConfig?.Distance}' distance; Chronos needs 'cosine'.");
        }
        return dimension;
    }

    /// <inheritdoc />
    protected override async Task<int> CreateCollectionCoreAsync(string collection, int dimension, CancellationToken cancellationToken)
    {
        var schema = new WeaviateClass(WeaviateStore.ClassName(collection),
            WeaviateStore.DimensionMarker + dimension.ToString(CultureInfo.InvariantCulture), "none", new WeaviateVectorIndexConfig("cosine"),
            [
                new WeaviateProperty(WeaviateStore.IdProperty, ["text"]),
                new WeaviateProperty(FlatMetadata.ContentKey, ["text"]),
                new WeaviateProperty(FlatMetadata.MetadataKey, ["text"]),
            ],
            new WeaviateInvertedIndexConfig(IndexNullState: true));
        // 422 "class already exists" when another client created it first: the dimension read below decides.
        await Http.SendAsync(HttpMethod.Post, Uri("v1/schema"), schema, Json.WeaviateClass, Json.JsonElement, "CreateCollection", collection,
            cancellationToken, HttpStatusCode.UnprocessableEntity).ConfigureAwait(false);
        return await GetCollectionDimensionCoreAsync(collection, cancellationToken).ConfigureAwait(false) ?? dimension;
    }

    /// <inheritdoc />
    protected override async Task DeleteCollectionCoreAsync(string collection, CancellationToken cancellationToken) =>
        await Http.SendAsync(HttpMethod.Delete, Uri("v1/schema/" + WeaviateStore.ClassName(collection)), null, Json.WeaviateNoBody, Json.JsonElement,
            "DeleteCollection", collection, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);

    /// <inheritdoc />
    protected override async Task UpsertCoreAsync(string collection, int dimension, ReadOnlyMemory<Embedding> batch, CancellationToken cancellationToken)
    {
        var className = WeaviateStore.ClassName(collection);
        var objects = new WeaviateObject[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            var embedding = batch.Span[i];
            var properties = FlatMetadata.From(embedding, IsTypedArray);
            properties[WeaviateStore.IdProperty] = embedding.Id;
            objects[i] = new WeaviateObject(className, StableUuid.For(embedding.Id), embedding.Vector.ToArray(), properties);
        }
        var response = await Http.SendAsync(HttpMethod.Post, Uri("v1/batch/objects"), new WeaviateBatchRequest(objects),
            Json.WeaviateBatchRequest, Json.IReadOnlyListWeaviateBatchItem, "Upsert", collection, cancellationToken).ConfigureAwait(false);
        // The batch endpoint answers 200 even when objects fail: each item carries its own errors.
        var failed = response.Body?.FirstOrDefault(item => item.Result?.Errors?.Error is { Count: > 0 });
        if (failed is not null)
        {
            throw new VectorServiceException(Backend, "Upsert", collection, (int)response.Status,
                $"object {failed.Id}: {string.Join("; ", failed.Result!.Errors!.Error!.Select(e => e.Message))}");
        }
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<VectorSearchResult>> SearchCoreAsync(
        string collection, int dimension, ReadOnlyMemory<float> query, int topK, VectorSearchOptions? options, CancellationToken cancellationToken)
    {
        var where = await WhereAsync(collection, options?.MetadataEquals, options?.Filter, cancellationToken).ConfigureAwait(false);
        if (where.MatchesNothing)
        {
            return [];
        }
        var className = WeaviateStore.ClassName(collection);
        var hits = await GetObjectsAsync(WeaviateQuery.NearVector(className, query, topK, where.Where), className, "Search", collection, cancellationToken)
            .ConfigureAwait(false);
        var results = new List<VectorSearchResult>(hits.Count);
        foreach (var hit in hits)
        {
            var additional = hit["_additional"]!.AsObject();
            results.Add(new VectorSearchResult(ToEmbedding(hit, additional["id"]!.GetValue<string>(), additional["vector"]), 1f - additional["distance"]!.GetValue<float>()));
        }
        return results;
    }

    /// <inheritdoc />
    protected override void CheckFilter(string collection, VectorFilter filter)
    {
        var structure = WeaviateFilter.Build(null, filter, schema: null);
        if (structure.Unsupported is { } unsupported)
        {
            throw FilterNotSupported(collection, unsupported, structure.Why!);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// GraphQL <c>Get</c> with the <c>where</c> filter, sorted by <c>chronos_id</c> and read in pages of 1,000
    /// (offset/limit) until the matches run out; then ordered by id ordinally here (Weaviate's text order need not be
    /// .NET's ordinal order), so every match is read. More than Weaviate's <c>QUERY_MAXIMUM_RESULTS</c> (10,000 by
    /// default) matches is the service's GraphQL error, as a <see cref="VectorServiceException"/>.
    /// </remarks>
    protected override async Task<IReadOnlyList<Embedding>> QueryCoreAsync(string collection, int dimension, VectorFilter? filter, int skip, int top, CancellationToken cancellationToken)
    {
        var where = await WhereAsync(collection, null, filter, cancellationToken).ConfigureAwait(false);
        if (where.MatchesNothing)
        {
            return [];
        }
        var className = WeaviateStore.ClassName(collection);
        var found = new List<Embedding>();
        for (var offset = 0; ; offset += QueryPage)
        {
            var hits = await GetObjectsAsync(WeaviateQuery.Objects(className, where.Where, offset, QueryPage), className, "Query", collection, cancellationToken)
                .ConfigureAwait(false);
            found.AddRange(hits.Select(hit => ToEmbedding(hit, hit["_additional"]!["id"]!.GetValue<string>(), hit["_additional"]!["vector"])));
            if (hits.Count < QueryPage)
            {
                break;
            }
        }
        return found.Where(e => filter is null || filter.Matches(e.Metadata))
            .OrderBy(e => e.Id, StringComparer.Ordinal).Skip(skip).Take(top).ToArray();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads by id with <c>GET /v1/objects/{class}/{id}?include=vector</c> (one request per id) and lists collections
    /// from <c>GET /v1/schema</c> (the classes Chronos created, by class name: the first letter is upper case, which
    /// addresses the same class), lists by filter with GraphQL <c>Get</c> and runs the filter subset as a <c>where</c>
    /// argument (see <see cref="WeaviateFilter"/> for what is refused).
    /// </remarks>
    public override VectorStoreCapabilities Capabilities =>
        VectorStoreCapabilities.GetById | VectorStoreCapabilities.Query | VectorStoreCapabilities.ListCollections | VectorStoreCapabilities.AnyFilter;

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<Embedding>> GetCoreAsync(string collection, int dimension, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var className = WeaviateStore.ClassName(collection);
        var found = new List<Embedding>(ids.Count);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            var response = await Http.SendAsync(HttpMethod.Get, Uri($"v1/objects/{className}/{StableUuid.For(id)}?include=vector"), null, Json.WeaviateNoBody,
                Json.JsonElement, "Get", collection, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                continue;
            }
            var item = JsonNode.Parse(response.Body.GetRawText())!.AsObject();
            found.Add(ToEmbedding(item["properties"]?.AsObject(), item["id"]!.GetValue<string>(), item["vector"]));
        }
        return found;
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> ListCollectionsCoreAsync(CancellationToken cancellationToken)
    {
        var response = await Http.SendAsync(HttpMethod.Get, Uri("v1/schema"), null, Json.WeaviateNoBody, Json.WeaviateSchema,
            "ListCollections", null, cancellationToken).ConfigureAwait(false);
        return (response.Body?.Classes ?? [])
            .Where(c => c.Description?.Contains(WeaviateStore.DimensionMarker, StringComparison.Ordinal) == true)
            .Select(c => c.Class).ToArray();
    }

    private static Embedding ToEmbedding(JsonObject? properties, string uuid, JsonNode? vector)
    {
        var (metadata, content) = FlatMetadata.Read(properties);
        return new Embedding
        {
            Id = properties?[WeaviateStore.IdProperty]?.GetValue<string>() ?? uuid,
            Vector = vector?.AsArray().Select(v => v!.GetValue<float>()).ToArray() ?? [],
            Metadata = metadata,
            Content = content,
        };
    }

    /// <inheritdoc />
    protected override async Task DeleteCoreAsync(string collection, ReadOnlyMemory<string> ids, CancellationToken cancellationToken)
    {
        var uuids = ids.ToArray().Select(id => StableUuid.For(id).ToString()).ToArray();
        var request = new WeaviateBatchDeleteRequest(new WeaviateMatch(WeaviateStore.ClassName(collection), new WeaviateWhere(["id"], "ContainsAny", uuids)));
        await Http.SendAsync(HttpMethod.Delete, Uri("v1/batch/objects"), request, Json.WeaviateBatchDeleteRequest, Json.JsonElement,
            "Delete", collection, cancellationToken).ConfigureAwait(false);
    }

    private static WeaviateJsonContext Json => WeaviateJsonContext.Default;

    private Uri Uri(string path) => new(Options.Endpoint, path);

    private async Task<WeaviateClass?> GetClassAsync(string collection, CancellationToken cancellationToken)
    {
        var response = await Http.SendAsync(HttpMethod.Get, Uri("v1/schema/" + WeaviateStore.ClassName(collection)), null, Json.WeaviateNoBody,
            Json.WeaviateClass, "DescribeCollection", collection, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        return response.IsSuccess ? response.Body : null;
    }

    // The where argument, typed from the class schema (read fresh: auto-schema adds properties on first use); a
    // construct Weaviate cannot express is refused here, before the query is sent.
    private async Task<WeaviateFilter.Translation> WhereAsync(
        string collection, IReadOnlyDictionary<string, JsonValue>? equals, VectorFilter? filter, CancellationToken cancellationToken)
    {
        if (equals is not { Count: > 0 } && filter is null)
        {
            return new WeaviateFilter.Translation(null, false, null, null);
        }
        var schema = await GetClassAsync(collection, cancellationToken).ConfigureAwait(false);
        var where = WeaviateFilter.Build(equals, filter, schema);
        if (where.Unsupported is { } unsupported)
        {
            throw FilterNotSupported(collection, unsupported, where.Why!);
        }
        return where;
    }

    // One GraphQL Get; errors come back in an HTTP 200 body and become typed errors with the service's message.
    private async Task<IReadOnlyList<JsonObject>> GetObjectsAsync(
        WeaviateGraphQLRequest request, string className, string operation, string collection, CancellationToken cancellationToken)
    {
        var response = await Http.SendAsync(HttpMethod.Post, Uri("v1/graphql"), request, Json.WeaviateGraphQLRequest, Json.WeaviateGraphQLResponse,
            operation, collection, cancellationToken).ConfigureAwait(false);
        if (response.Body?.Errors is { Count: > 0 } errors)
        {
            throw new VectorServiceException(Backend, operation, collection, (int)response.Status, string.Join("; ", errors.Select(e => e.Message)));
        }
        return (response.Body?.Data?["Get"]?[className]?.AsArray() ?? []).OfType<JsonObject>().ToArray();
    }

    // Weaviate types a property by its first value (auto-schema), so only non-empty arrays of one kind are copied as
    // properties (text[], number[], boolean[]), where ContainsAny can filter them.
    private static bool IsTypedArray(JsonArray array)
    {
        if (array.Count == 0 || !FlatMetadata.IsScalarArray(array))
        {
            return false;
        }
        static JsonValueKind Kind(JsonNode? item) => item!.GetValueKind() is JsonValueKind.False ? JsonValueKind.True : item.GetValueKind();
        var first = Kind(array[0]);
        return array.All(item => Kind(item) == first);
    }

    private static string? ReadErrorMessage(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            return string.Join("; ", errors.EnumerateArray()
                .Select(e => e.TryGetProperty("message", out var m) ? m.GetString() : e.GetRawText()));
        }
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var message) ? message.GetString() : null;
    }
}
