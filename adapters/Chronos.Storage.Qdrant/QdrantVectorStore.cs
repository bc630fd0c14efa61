using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using Grpc.Core;
using Polly;
using Polly.Retry;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Chronos.Storage.Qdrant;

/// <summary>
/// Qdrant through the official gRPC client. Collections use the Cosine distance, whose score Qdrant already reports
/// as the cosine similarity. Point ids are stable UUIDs derived from the string ids (<see cref="StableUuid"/>); the
/// original id travels in the payload so that it round-trips.
/// </summary>
public sealed class QdrantVectorStore : VectorStoreEngine
{
    private const string Backend = "qdrant";

    private readonly QdrantClient _client;
    private readonly ResiliencePipeline _retry;

    /// <summary>Creates the store and its gRPC channel.</summary>
    public QdrantVectorStore(QdrantVectorStoreOptions options)
        : this(new QdrantClient(Required(options).Endpoint, options.ApiKey, options.Timeout), options)
    {
    }

    /// <summary>Creates the store over an existing client (for example one on a custom <see cref="CallInvoker"/>); disposes it.</summary>
    public QdrantVectorStore(QdrantClient client, QdrantVectorStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        Required(options);
        _client = client;
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.RetryDelay > TimeSpan.Zero,
                Delay = options.RetryDelay,
                ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 &&
                    args.Outcome.Exception is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.ResourceExhausted }),
                OnRetry = args =>
                {
                    Chronos.Storage.Telemetry.StorageTelemetry.RecordRetry(Backend, "grpc_call", args.AttemptNumber + 1, args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <inheritdoc />
    public override string BackendName => Backend;

    /// <inheritdoc />
    protected override int UpsertBatchSize(int dimension) => Math.Clamp(8_000_000 / (dimension * 8 + 2_000), 1, 256);

    /// <inheritdoc />
    protected override async Task<int?> GetCollectionDimensionCoreAsync(string collection, CancellationToken cancellationToken)
    {
        try
        {
            var info = await Call("DescribeCollection", collection, token => _client.GetCollectionInfoAsync(collection, token), cancellationToken)
                .ConfigureAwait(false);
            var parameters = info.Config?.Params?.VectorsConfig?.Params
                ?? throw new StorageConfigurationException($"{Backend}: collection '{collection}' has no single unnamed vector; it was not created by Chronos.");
            if (parameters.Distance != Distance.Cosine)
            {
                throw new StorageConfigurationException(
                    $"{Backend}: collection '{collection}' uses the {parameters.Distance} distance; Chronos needs Cosine so that scores are cosine similarities.");
            }
            return checked((int)parameters.Size);
        }
        catch (VectorCollectionNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    protected override async Task<int> CreateCollectionCoreAsync(string collection, int dimension, CancellationToken cancellationToken)
    {
        try
        {
            await Call<object?>("CreateCollection", collection, async token =>
            {
                await _client.CreateCollectionAsync(collection, new VectorParams { Size = (ulong)dimension, Distance = Distance.Cosine },
                    cancellationToken: token).ConfigureAwait(false);
                return null;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (VectorServiceException e) when (e.StatusCode == (int)StatusCode.AlreadyExists)
        {
            // Created concurrently by someone else: what matters is the dimension it has, read below.
        }
        return await GetCollectionDimensionCoreAsync(collection, cancellationToken).ConfigureAwait(false) ?? dimension;
    }

    /// <inheritdoc />
    protected override async Task DeleteCollectionCoreAsync(string collection, CancellationToken cancellationToken)
    {
        try
        {
            await Call<object?>("DeleteCollection", collection, async token =>
            {
                await _client.DeleteCollectionAsync(collection, cancellationToken: token).ConfigureAwait(false);
                return null;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (VectorCollectionNotFoundException)
        {
            // Already gone.
        }
    }

    /// <inheritdoc />
    protected override Task UpsertCoreAsync(string collection, int dimension, ReadOnlyMemory<Embedding> batch, CancellationToken cancellationToken)
    {
        var points = new PointStruct[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            points[i] = QdrantPayload.ToPoint(batch.Span[i]);
        }
        return Call("Upsert", collection, token => _client.UpsertAsync(collection, points, wait: true, cancellationToken: token), cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<VectorSearchResult>> SearchCoreAsync(
        string collection, int dimension, ReadOnlyMemory<float> query, int topK, VectorSearchOptions? options, CancellationToken cancellationToken)
    {
        var points = await Call("Search", collection, token => _client.QueryAsync(collection, query.ToArray(), filter: QdrantFilter.From(options?.MetadataEquals, options?.Filter),
            scoreThreshold: options?.MinScore, limit: (ulong)topK, payloadSelector: true, vectorsSelector: true, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
        return points.Select(QdrantPayload.ToResult).ToArray();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Qdrant runs the whole filter subset natively (<see cref="QdrantFilter"/>). Points are read by id with
    /// <c>Retrieve</c>, listed by filter with <c>Scroll</c> and collections with <c>List</c>.
    /// </remarks>
    public override VectorStoreCapabilities Capabilities =>
        VectorStoreCapabilities.GetById | VectorStoreCapabilities.Query | VectorStoreCapabilities.ListCollections | VectorStoreCapabilities.AnyFilter;

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<Embedding>> GetCoreAsync(string collection, int dimension, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var uuids = ids.Distinct(StringComparer.Ordinal).Select(id => new PointId { Uuid = StableUuid.For(id).ToString() }).ToArray();
        var points = await Call("Get", collection, token => _client.RetrieveAsync(collection, uuids, withPayload: true, withVectors: true, cancellationToken: token),
            cancellationToken).ConfigureAwait(false);
        return points.Select(QdrantPayload.ToEmbedding).ToArray();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Qdrant scrolls in point-id order (UUIDs derived from the ids), and orders by payload only on numeric indexes, so
    /// every matching point is scrolled (pages of <see cref="ScrollPage"/>) and ordered by the original id here.
    /// </remarks>
    protected override async Task<IReadOnlyList<Embedding>> QueryCoreAsync(string collection, int dimension, VectorFilter? filter, int skip, int top, CancellationToken cancellationToken)
    {
        var condition = QdrantFilter.From(null, filter);
        var found = new List<Embedding>();
        PointId? offset = null;
        do
        {
            var from = offset;
            var page = await Call("Query", collection, token => _client.ScrollAsync(collection, condition, ScrollPage, from, payloadSelector: true, vectorsSelector: true,
                cancellationToken: token), cancellationToken).ConfigureAwait(false);
            found.AddRange(page.Result.Select(QdrantPayload.ToEmbedding));
            offset = page.NextPageOffset;
        }
        while (offset is not null);
        return found.Where(e => filter is null || filter.Matches(e.Metadata))
            .OrderBy(e => e.Id, StringComparer.Ordinal).Skip(skip).Take(top).ToArray();
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> ListCollectionsCoreAsync(CancellationToken cancellationToken) =>
        await Call("ListCollections", "", token => _client.ListCollectionsAsync(token), cancellationToken).ConfigureAwait(false);

    /// <summary>Points per Scroll request when listing by filter.</summary>
    internal const uint ScrollPage = 256;

    /// <inheritdoc />
    protected override Task DeleteCoreAsync(string collection, ReadOnlyMemory<string> ids, CancellationToken cancellationToken)
    {
        var uuids = ids.ToArray().Select(StableUuid.For).ToArray();
        return Call("Delete", collection, token => _client.DeleteAsync(collection, uuids, wait: true, cancellationToken: token), cancellationToken);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    // gRPC status -> typed errors: NotFound is a missing collection; Unavailable/ResourceExhausted are retried, then transient.
    private async Task<T> Call<T>(string operation, string collection, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.ExecuteAsync(async token => await call(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            throw new VectorCollectionNotFoundException(Backend, collection, operation);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.DeadlineExceeded)
        {
            throw new TransientStorageException(Backend, operation, e);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw new VectorServiceException(Backend, operation, collection, (int)e.StatusCode, e.Status.Detail, e);
        }
    }

    private static QdrantVectorStoreOptions Required(QdrantVectorStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Endpoint);
        return options;
    }
}
