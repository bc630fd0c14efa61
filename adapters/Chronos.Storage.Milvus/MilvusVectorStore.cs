using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using Chronos.Storage.VectorHttp;

namespace Chronos.Storage.Milvus;

/// <summary>
/// Milvus over its REST API v2. A collection has the fields <c>id</c> (VarChar primary key), <c>vector</c>
/// (FloatVector, COSINE index), <c>metadata</c> (JSON) and <c>content</c> (VarChar). With the COSINE metric Milvus's
/// <c>distance</c> already is the cosine similarity, so it is the score as it is. Filters are parameterized
/// (<c>exprParams</c>): values are never spliced into expression text.
/// </summary>
public sealed class MilvusVectorStore : HttpVectorStore<MilvusVectorStoreOptions>
{
    private const string Backend = "milvus";
    private const int CollectionNotFound = 100;
    private const int MaxContentBytes = 65535;
    private static readonly string[] OutputFields = ["id", "vector", "metadata", "content"];

    /// <summary>Creates the store with its own <see cref="HttpClient"/>.</summary>
    public MilvusVectorStore(MilvusVectorStoreOptions options)
        : base(Backend, options, Protocol)
    {
    }

    /// <summary>Creates the store on a caller's <see cref="HttpClient"/>, which it does not dispose.</summary>
    public MilvusVectorStore(MilvusVectorStoreOptions options, HttpClient httpClient)
        : base(Backend, options, Protocol, httpClient)
    {
    }

    private static VectorHttpProtocol Protocol(MilvusVectorStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.Endpoint);
        return new VectorHttpProtocol(VectorHttpTransport.BearerToken(options.Token), ReadErrorMessage, options.Retry);
    }

    /// <inheritdoc />
    protected override int UpsertBatchSize(int dimension) => Math.Clamp(4_000_000 / (dimension * 12 + 2_000), 1, 500);

    /// <inheritdoc />
    protected override async Task<int?> GetCollectionDimensionCoreAsync(string collection, CancellationToken cancellationToken)
    {
        var response = await CallAsync("collections/describe", new MilvusCollectionRequest(Options.Database, collection),
            Json.MilvusCollectionRequest, Json.MilvusResponseMilvusCollectionDescription, "DescribeCollection", collection,
            notFoundIsNull: true, cancellationToken).ConfigureAwait(false);
        return response is null ? null : Dimension(collection, response.Data);
    }

    /// <inheritdoc />
    protected override async Task<int> CreateCollectionCoreAsync(string collection, int dimension, CancellationToken cancellationToken)
    {
        var schema = new MilvusSchema(AutoId: false, EnableDynamicField: false,
        [
            new("id", "VarChar", IsPrimary: true, new() { ["max_length"] = VectorGuard.MaxIdBytes.ToString(CultureInfo.InvariantCulture) }),
            new("vector", "FloatVector", IsPrimary: false, new() { ["dim"] = dimension.ToString(CultureInfo.InvariantCulture) }),
            new("metadata", "JSON", IsPrimary: false, null),
            new("content", "VarChar", IsPrimary: false, new() { ["max_length"] = MaxContentBytes.ToString(CultureInfo.InvariantCulture) }),
        ]);
        var request = new MilvusCreateCollectionRequest(Options.Database, collection, schema,
            [new MilvusIndexParam("vector", "vector", "COSINE", "AUTOINDEX")]);
        await CallAsync("collections/create", request, Json.MilvusCreateCollectionRequest, Json.MilvusResponseJsonElement,
            "CreateCollection", collection, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
        // Another client may have created it first with another dimension: report what is really there.
        return await GetCollectionDimensionCoreAsync(collection, cancellationToken).ConfigureAwait(false) ?? dimension;
    }

    /// <inheritdoc />
    protected override async Task DeleteCollectionCoreAsync(string collection, CancellationToken cancellationToken) =>
        await CallAsync("collections/drop", new MilvusCollectionRequest(Options.Database, collection), Json.MilvusCollectionRequest,
            Json.MilvusResponseJsonElement, "DeleteCollection", collection, notFoundIsNull: true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override async Task UpsertCoreAsync(string collection, int dimension, ReadOnlyMemory<Embedding> batch, CancellationToken cancellationToken)
    {
        var data = new MilvusEntity[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            var embedding = batch.Span[i];
            if (Encoding.UTF8.GetByteCount(embedding.Content) > MaxContentBytes)
            {
                throw new StorageArgumentException($"embeddings[{i}].Content", collection, "content",
                    $"content of embedding '{embedding.Id}' is longer than Milvus's VarChar limit of {MaxContentBytes} UTF-8 bytes.");
            }
            data[i] = new MilvusEntity(embedding.Id, embedding.Vector.ToArray(),
                embedding.Metadata?.DeepClone().AsObject() ?? new JsonObject(), embedding.Content);
        }
        await CallAsync("entities/upsert", new MilvusUpsertRequest(Options.Database, collection, data), Json.MilvusUpsertRequest,
            Json.MilvusResponseJsonElement, "Upsert", collection, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<VectorSearchResult>> SearchCoreAsync(
        string collection, int dimension, ReadOnlyMemory<float> query, int topK, VectorSearchOptions? options, CancellationToken cancellationToken)
    {
        var (filter, parameters) = Filter(collection, options?.MetadataEquals, options?.Filter);
        // Strong consistency: a search sees every write acknowledged before it, like every other store.
        var request = new MilvusSearchRequest(Options.Database, collection, [query.ToArray()], "vector", topK, filter, parameters,
            OutputFields, "Strong");
        var response = await CallAsync("entities/search", request, Json.MilvusSearchRequest, Json.MilvusResponseIReadOnlyListMilvusHit,
            "Search", collection, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
        return (response!.Data ?? []).Select(hit => new VectorSearchResult(ToEmbedding(hit), hit.Distance)).ToArray();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads by id with <c>entities/get</c>, lists by filter with <c>entities/query</c> and collections with
    /// <c>collections/list</c>. Filters: every construct but comparisons with null (<see cref="MilvusFilter"/>).
    /// </remarks>
    public override VectorStoreCapabilities Capabilities =>
        VectorStoreCapabilities.GetById | VectorStoreCapabilities.Query | VectorStoreCapabilities.ListCollections | VectorStoreCapabilities.AnyFilter;

    /// <inheritdoc />
    protected override void CheckFilter(string collection, VectorFilter filter) => Filter(collection, null, filter);

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<Embedding>> GetCoreAsync(string collection, int dimension, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var request = new MilvusGetRequest(Options.Database, collection, ids.Distinct(StringComparer.Ordinal).ToArray(), OutputFields, "Strong");
        var response = await CallAsync("entities/get", request, Json.MilvusGetRequest, Json.MilvusResponseIReadOnlyListMilvusHit,
            "Get", collection, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
        return (response!.Data ?? []).Select(ToEmbedding).ToArray();
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>entities/query</c> does not order its results, so every match is read (pages of <see cref="QueryPage"/>,
    /// offset + limit at most Milvus's 16,384) and ordered by id here.
    /// </remarks>
    protected override async Task<IReadOnlyList<Embedding>> QueryCoreAsync(string collection, int dimension, VectorFilter? filter, int skip, int top, CancellationToken cancellationToken)
    {
        var (expression, parameters) = Filter(collection, null, filter);
        var found = new List<Embedding>();
        while (true)
        {
            // Every id is a non-empty VarChar: 'id != ""' selects all when there is no filter.
            var request = new MilvusQueryRequest(Options.Database, collection, expression ?? "id != \"\"", parameters, OutputFields, QueryPage, found.Count, "Strong");
            var response = await CallAsync("entities/query", request, Json.MilvusQueryRequest, Json.MilvusResponseIReadOnlyListMilvusHit,
                "Query", collection, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
            var page = response!.Data ?? [];
            found.AddRange(page.Select(ToEmbedding));
            if (page.Count < QueryPage)
            {
                break;
            }
            if (found.Count + QueryPage > MaxQueryWindow)
            {
                throw new VectorServiceException(Backend, "Query", collection, null,
                    $"more than {found.Count} entities match, and Milvus reads at most {MaxQueryWindow} by offset; narrow the filter.");
            }
        }
        return found.Where(e => filter is null || filter.Matches(e.Metadata))
            .OrderBy(e => e.Id, StringComparer.Ordinal).Skip(skip).Take(top).ToArray();
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> ListCollectionsCoreAsync(CancellationToken cancellationToken)
    {
        var response = await CallAsync("collections/list", new MilvusDatabaseRequest(Options.Database), Json.MilvusDatabaseRequest,
            Json.MilvusResponseIReadOnlyListString, "ListCollections", "", notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
        return response!.Data ?? [];
    }

    /// <summary>Entities per <c>entities/query</c> request when listing by filter.</summary>
    internal const int QueryPage = 1000;

    // Milvus refuses a query whose offset + limit exceeds 16,384 (its maximum query window).
    private const int MaxQueryWindow = 16_384;

    private (string? Expression, JsonObject? Parameters) Filter(string collection, IReadOnlyDictionary<string, JsonValue>? equals, VectorFilter? tree)
    {
        var (expression, parameters, unsupported) = MilvusFilter.Build(equals, tree);
        return unsupported is null
            ? (expression, parameters)
            : throw FilterNotSupported(collection, unsupported, "a Milvus expression on the JSON field cannot tell a missing key from a JSON null");
    }

    private static Embedding ToEmbedding(MilvusHit hit) => new()
    {
        Id = hit.Id,
        Vector = hit.Vector ?? [],
        Metadata = Metadata(hit.Metadata),
        Content = hit.Content ?? "",
    };

    /// <inheritdoc />
    protected override async Task DeleteCoreAsync(string collection, ReadOnlyMemory<string> ids, CancellationToken cancellationToken)
    {
        var parameters = new JsonObject { ["ids"] = new JsonArray(ids.ToArray().Select(id => (JsonNode)JsonValue.Create(id)).ToArray()) };
        await CallAsync("entities/delete", new MilvusDeleteRequest(Options.Database, collection, "id in {ids}", parameters),
            Json.MilvusDeleteRequest, Json.MilvusResponseJsonElement, "Delete", collection, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
    }

    private static MilvusJsonContext Json => MilvusJsonContext.Default;

    // Milvus answers HTTP 200 even for errors: the "code" field decides. 100 is "collection not found".
    private async Task<MilvusResponse<T>?> CallAsync<TRequest, T>(
        string path, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<MilvusResponse<T>> responseType,
        string operation, string collection, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        var uri = new Uri(Options.Endpoint, "/v2/vectordb/" + path);
        var response = await Http.SendAsync(HttpMethod.Post, uri, request, requestType, responseType, operation, collection, cancellationToken)
            .ConfigureAwait(false);
        var body = response.Body ?? throw new VectorServiceException(Backend, operation, collection, (int)response.Status, "empty response body.");
        if (body.Code == 0 || (body.Code == 200 && body.Message is null))
        {
            return body;
        }
        if (body.Code == CollectionNotFound)
        {
            return notFoundIsNull ? null : throw new VectorCollectionNotFoundException(Backend, collection, operation);
        }
        throw new VectorServiceException(Backend, operation, collection, body.Code, body.Message ?? "(no message)");
    }

    private int Dimension(string collection, MilvusCollectionDescription? description)
    {
        var vector = description?.Fields?.FirstOrDefault(f => f.Name == "vector" && f.Type == "FloatVector");
        var dim = vector?.Params?.FirstOrDefault(p => p.Key == "dim")?.Value;
        if (dim is null || !int.TryParse(dim, NumberStyles.Integer, CultureInfo.InvariantCulture, out var dimension))
        {
            throw new StorageConfigurationException(
                $"{Backend}: collection '{collection}' exists but has no FloatVector field 'vector' with a 'dim'; it was not created by Chronos.");
        }
        var metric = description!.Indexes?.FirstOrDefault(i => i.FieldName == "vector")?.MetricType;
        if (metric is not null && !string.Equals(metric, "COSINE", StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageConfigurationException(
                $"{Backend}: collection '{collection}' is indexed with the {metric} metric; Chronos needs COSINE so that scores are cosine similarities.");
        }
        return dimension;
    }

    private static JsonObject? Metadata(JsonNode? node) => node switch
    {
        JsonObject o => o.Count == 0 ? null : o,
        JsonValue v when v.TryGetValue<string>(out var text) => JsonNode.Parse(text) is JsonObject o && o.Count > 0 ? o : null,
        _ => null,
    };

    private static string? ReadErrorMessage(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
            ? root.TryGetProperty("code", out var code) ? $"code {code.GetRawText()}: {message.GetString()}" : message.GetString()
            : null;
    }
}
