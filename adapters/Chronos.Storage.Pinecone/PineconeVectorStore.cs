using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using Chronos.Storage.VectorHttp;

namespace Chronos.Storage.Pinecone;

/// <summary>
/// Pinecone over its REST API: one serverless index (cosine metric, created on demand) whose namespaces are the
/// collections. Scores are Pinecone's cosine similarities, already "higher is better".
/// </summary>
public sealed class PineconeVectorStore : HttpVectorStore<PineconeVectorStoreOptions>
{
    private const string Backend = "pinecone";

    private readonly SemaphoreSlim _indexGate = new(1, 1);
    private PineconeIndexModel? _index;
    private Uri? _host;

    /// <summary>Creates the store with its own <see cref="HttpClient"/>.</summary>
    public PineconeVectorStore(PineconeVectorStoreOptions options)
        : base(Backend, options, Protocol)
    {
    }

    /// <summary>Creates the store on a caller's <see cref="HttpClient"/> (for example one from IHttpClientFactory), which it does not dispose.</summary>
    public PineconeVectorStore(PineconeVectorStoreOptions options, HttpClient httpClient)
        : base(Backend, options, Protocol, httpClient)
    {
    }

    private static VectorHttpProtocol Protocol(PineconeVectorStoreOptions options)
    {
        Guard.Required(options.ApiKey, "options.ApiKey");
        Guard.Required(options.IndexName, "options.IndexName");
        return new VectorHttpProtocol(
            headers =>
            {
                headers.Add("Api-Key", options.ApiKey);
                headers.Add("X-Pinecone-Api-Version", options.ApiVersion);
            },
            ReadErrorMessage, options.Retry);
    }

    // Pinecone: at most 1000 records and 2 MB per upsert; a record's JSON grows about 12 bytes per dimension plus metadata.
    /// <inheritdoc />
    protected override int UpsertBatchSize(int dimension) => Math.Clamp(1_500_000 / (dimension * 12 + 10_000), 1, 100);

    /// <inheritdoc />
    protected override async Task<int?> GetCollectionDimensionCoreAsync(string collection, CancellationToken cancellationToken)
    {
        var index = await DescribeIndexAsync(cancellationToken).ConfigureAwait(false);
        if (index is null)
        {
            return null;
        }
        var found = await Http.SendAsync(HttpMethod.Get, await NamespaceUriAsync(collection, cancellationToken).ConfigureAwait(false),
            null, Json.PineconeEmpty, Json.PineconeNamespaceDescription, "DescribeNamespace", collection, cancellationToken,
            HttpStatusCode.NotFound).ConfigureAwait(false);
        return found.IsSuccess ? index.Dimension : null;
    }

    /// <inheritdoc />
    protected override async Task<int> CreateCollectionCoreAsync(string collection, int dimension, CancellationToken cancellationToken)
    {
        var index = await DescribeIndexAsync(cancellationToken).ConfigureAwait(false)
            ?? await CreateIndexAsync(dimension, cancellationToken).ConfigureAwait(false);
        if (index.Dimension != dimension)
        {
            throw new StorageConfigurationException(
                $"{Backend}: collection '{collection}' needs dimension {dimension}, but every collection is a namespace of index " +
                $"'{Options.IndexName}', whose dimension is {index.Dimension}. Use another index for this dimension.");
        }
        var host = await HostAsync(cancellationToken).ConfigureAwait(false);
        await Http.SendAsync(HttpMethod.Post, new Uri(host, "namespaces"), new PineconeCreateNamespaceRequest(collection),
            Json.PineconeCreateNamespaceRequest, Json.PineconeNamespaceDescription, "CreateCollection", collection, cancellationToken,
            HttpStatusCode.Conflict).ConfigureAwait(false);
        return dimension;
    }

    /// <inheritdoc />
    protected override async Task DeleteCollectionCoreAsync(string collection, CancellationToken cancellationToken)
    {
        if (await DescribeIndexAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }
        await Http.SendAsync(HttpMethod.Delete, await NamespaceUriAsync(collection, cancellationToken).ConfigureAwait(false),
            null, Json.PineconeEmpty, Json.PineconeEmpty, "DeleteCollection", collection, cancellationToken,
            HttpStatusCode.NotFound).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task UpsertCoreAsync(string collection, int dimension, ReadOnlyMemory<Embedding> batch, CancellationToken cancellationToken)
    {
        var vectors = new PineconeVector[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            var embedding = batch.Span[i];
            vectors[i] = new PineconeVector(embedding.Id, embedding.Vector.ToArray(), FlatMetadata.From(embedding, FlatMetadata.IsStringArray));
        }
        var host = await HostAsync(cancellationToken).ConfigureAwait(false);
        await Http.SendAsync(HttpMethod.Post, new Uri(host, "vectors/upsert"), new PineconeUpsertRequest(vectors, collection),
            Json.PineconeUpsertRequest, Json.PineconeUpsertResponse, "Upsert", collection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<VectorSearchResult>> SearchCoreAsync(
        string collection, int dimension, ReadOnlyMemory<float> query, int topK, VectorSearchOptions? options, CancellationToken cancellationToken)
    {
        var host = await HostAsync(cancellationToken).ConfigureAwait(false);
        var request = new PineconeQueryRequest(collection, query.ToArray(), topK, Filter(collection, options?.MetadataEquals, options?.Filter),
            IncludeValues: true, IncludeMetadata: true);
        var response = await Http.SendAsync(HttpMethod.Post, new Uri(host, "query"), request,
            Json.PineconeQueryRequest, Json.PineconeQueryResponse, "Search", collection, cancellationToken).ConfigureAwait(false);
        return (response.Body?.Matches ?? []).Select(m => new VectorSearchResult(ToEmbedding(m.Id, m.Values, m.Metadata), m.Score)).ToArray();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads by id with <c>GET /vectors/fetch</c>, lists by filter with <c>POST /vectors/fetch_by_metadata</c> and
    /// collections (namespaces) with <c>GET /namespaces</c>. Filters: see <see cref="PineconeFilter"/> (a negated order
    /// comparison and <c>Contains</c> of a non-string are refused).
    /// </remarks>
    public override VectorStoreCapabilities Capabilities =>
        VectorStoreCapabilities.GetById | VectorStoreCapabilities.Query | VectorStoreCapabilities.ListCollections | VectorStoreCapabilities.AnyFilter;

    /// <inheritdoc />
    protected override void CheckFilter(string collection, VectorFilter filter) => Filter(collection, null, filter);

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<Embedding>> GetCoreAsync(string collection, int dimension, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var host = await HostAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<Embedding>(ids.Count);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(MaxFetchIds))
        {
            var query = string.Join('&', chunk.Select(id => "ids=" + Uri.EscapeDataString(id))) + "&namespace=" + Uri.EscapeDataString(collection);
            var response = await Http.SendAsync(HttpMethod.Get, new Uri(host, "vectors/fetch?" + query), null, Json.PineconeEmpty, Json.PineconeFetchResponse,
                "Get", collection, cancellationToken).ConfigureAwait(false);
            found.AddRange((response.Body?.Vectors ?? []).Values.Select(v => ToEmbedding(v.Id, v.Values, v.Metadata)));
        }
        return found;
    }

    /// <inheritdoc />
    /// <remarks>fetch_by_metadata pages in no documented order, so every match is read and ordered by id here.</remarks>
    protected override async Task<IReadOnlyList<Embedding>> QueryCoreAsync(string collection, int dimension, VectorFilter? filter, int skip, int top, CancellationToken cancellationToken)
    {
        var host = await HostAsync(cancellationToken).ConfigureAwait(false);
        var condition = Filter(collection, null, filter);
        var found = new List<Embedding>();
        string? token = null;
        do
        {
            var request = new PineconeFetchByMetadataRequest(collection, condition, FetchPage, token);
            var response = await Http.SendAsync(HttpMethod.Post, new Uri(host, "vectors/fetch_by_metadata"), request, Json.PineconeFetchByMetadataRequest,
                Json.PineconeFetchByMetadataResponse, "Query", collection, cancellationToken).ConfigureAwait(false);
            found.AddRange((response.Body?.Vectors ?? []).Values.Select(v => ToEmbedding(v.Id, v.Values, v.Metadata)));
            token = response.Body?.Pagination?.Next;
        }
        while (!string.IsNullOrEmpty(token));
        return found.Where(e => filter is null || filter.Matches(e.Metadata))
            .OrderBy(e => e.Id, StringComparer.Ordinal).Skip(skip).Take(top).ToArray();
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> ListCollectionsCoreAsync(CancellationToken cancellationToken)
    {
        if (await DescribeIndexAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            return [];
        }
        var host = await HostAsync(cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        string? token = null;
        do
        {
            var uri = new Uri(host, token is null ? "namespaces" : "namespaces?paginationToken=" + Uri.EscapeDataString(token));
            var response = await Http.SendAsync(HttpMethod.Get, uri, null, Json.PineconeEmpty, Json.PineconeListNamespacesResponse,
                "ListCollections", null, cancellationToken).ConfigureAwait(false);
            names.AddRange((response.Body?.Namespaces ?? []).Select(n => n.Name).OfType<string>());
            token = response.Body?.Pagination?.Next;
        }
        while (!string.IsNullOrEmpty(token));
        return names;
    }

    // Pinecone: at most 1000 ids per fetch; fetch_by_metadata pages of at most 10,000 (the documented maximum limit).
    private const int MaxFetchIds = 1000;
    private const int FetchPage = 1000;

    private JsonObject? Filter(string collection, IReadOnlyDictionary<string, JsonValue>? equals, VectorFilter? tree)
    {
        var (filter, unsupported, why) = PineconeFilter.Build(equals, tree);
        return unsupported is null ? filter : throw FilterNotSupported(collection, unsupported, why!);
    }

    private static Embedding ToEmbedding(string id, float[]? values, JsonObject? flat)
    {
        var (metadata, content) = FlatMetadata.Read(flat);
        return new Embedding { Id = id, Vector = values ?? [], Metadata = metadata, Content = content };
    }

    /// <inheritdoc />
    protected override async Task DeleteCoreAsync(string collection, ReadOnlyMemory<string> ids, CancellationToken cancellationToken)
    {
        var host = await HostAsync(cancellationToken).ConfigureAwait(false);
        await Http.SendAsync(HttpMethod.Post, new Uri(host, "vectors/delete"), new PineconeDeleteRequest(ids.ToArray(), collection),
            Json.PineconeDeleteRequest, Json.PineconeEmpty, "Delete", collection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        _indexGate.Dispose();
        return base.DisposeAsync();
    }

    private static PineconeJsonContext Json => PineconeJsonContext.Default;

    private async Task<PineconeIndexModel?> DescribeIndexAsync(CancellationToken cancellationToken)
    {
        if (_index is { } known)
        {
            return known;
        }
        var response = await Http.SendAsync(HttpMethod.Get, IndexUri(), null, Json.PineconeEmpty, Json.PineconeIndexModel,
            "DescribeIndex", null, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        if (!response.IsSuccess)
        {
            return null;
        }
        var index = response.Body ?? throw Unexpected("DescribeIndex", "an empty index description");
        if (!string.Equals(index.Metric, "cosine", StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageConfigurationException(
                $"{Backend}: index '{Options.IndexName}' uses the '{index.Metric}' metric; Chronos needs 'cosine' so that scores are cosine similarities.");
        }
        if (index.Status?.Ready == true)
        {
            _index = index;
        }
        return index;
    }

    private async Task<PineconeIndexModel> CreateIndexAsync(int dimension, CancellationToken cancellationToken)
    {
        await _indexGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var request = new PineconeCreateIndexRequest(Options.IndexName, dimension, "cosine",
                new PineconeIndexSpec(new PineconeServerlessSpec(Options.Cloud, Options.Region)));
            await Http.SendAsync(HttpMethod.Post, new Uri(Options.ControlPlaneUrl, "indexes"), request,
                Json.PineconeCreateIndexRequest, Json.PineconeIndexModel, "CreateIndex", null, cancellationToken,
                HttpStatusCode.Conflict).ConfigureAwait(false);
            // A new index takes a while to accept data: wait for status.ready, polling gently.
            var deadline = DateTimeOffset.UtcNow + Options.IndexReadyTimeout;
            while (true)
            {
                var index = await DescribeIndexAsync(cancellationToken).ConfigureAwait(false);
                if (index?.Status?.Ready == true)
                {
                    return index;
                }
                if (DateTimeOffset.UtcNow > deadline)
                {
                    throw new TransientStorageException(Backend, "CreateCollection",
                        new TimeoutException($"index '{Options.IndexName}' was not ready after {Options.IndexReadyTimeout} (state '{index?.Status?.State}')."));
                }
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _indexGate.Release();
        }
    }

    private async Task<Uri> HostAsync(CancellationToken cancellationToken)
    {
        // The configured data-plane URL, else the one the index description names (read once).
        if ((_host ??= Options.IndexHost) is { } host)
        {
            return host;
        }
        var index = await DescribeIndexAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new StorageConfigurationException($"{Backend}: index '{Options.IndexName}' does not exist; create a collection first.");
        var name = index.Host ?? throw Unexpected("DescribeIndex", "an index description without 'host'");
        _host = new Uri(name.Contains("://", StringComparison.Ordinal) ? name + "/" : $"https://{name}/");
        return _host;
    }

    private async Task<Uri> NamespaceUriAsync(string collection, CancellationToken cancellationToken) =>
        new(await HostAsync(cancellationToken).ConfigureAwait(false), "namespaces/" + Uri.EscapeDataString(collection));

    private Uri IndexUri() => new(Options.ControlPlaneUrl, "indexes/" + Uri.EscapeDataString(Options.IndexName));

    private static VectorServiceException Unexpected(string operation, string what) =>
        new(Backend, operation, null, null, $"Pinecone answered with {what}.");

    // Both error shapes: data plane {"code", "message"} and control plane {"error": {"code", "message"}, "status"}.
    private static string? ReadErrorMessage(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return root.ValueKind == JsonValueKind.String ? root.GetString() : null;
        }
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var detail = JsonSerializer.Deserialize(error.GetRawText(), Json.PineconeControlPlaneErrorDetail);
            return detail?.Message is null ? null : $"{detail.Code}: {detail.Message}";
        }
        var plane = JsonSerializer.Deserialize(body, Json.PineconeDataPlaneError);
        return plane?.Message is null ? null : plane.Code is null ? plane.Message : $"code {plane.Code}: {plane.Message}";
    }
}
