using Chronos.Storage.Providers;
using Chronos.Storage.Redis;
using Chronos.Storage.Vectors;
using StackExchange.Redis;

namespace Chronos.Storage.RedisVector;

/// <summary>
/// Redis vector search (Redis Stack / RediSearch 2.4 or later) through StackExchange.Redis. A collection is a
/// RediSearch index over hashes (layout: <see cref="RedisVectorLayout"/>) with a COSINE vector field; searches are KNN
/// queries whose vector, K and filter never enter the query text unparameterised; the score is 1 - the cosine distance
/// RediSearch returns. Metadata filters use exact digest tokens in one TAG field (<see cref="RedisVectorFilterTokens"/>).
/// </summary>
public sealed class RedisVectorStore : VectorStoreEngine
{
    private const string Backend = "redis-vector";

    private readonly IConnectionMultiplexer _connection;
    private readonly bool _ownsConnection;
    private readonly IDatabase _database;
    private readonly RedisVectorLayout _layout;

    /// <summary>Connects with <paramref name="options"/> (the driver connects lazily and retries).</summary>
    public RedisVectorStore(RedisVectorStoreOptions options)
        : this(ConnectionMultiplexer.Connect(Checked(options).Connection.ConnectionConfiguration()), options, ownsConnection: true)
    {
    }

    /// <summary>Uses an existing connection (not disposed with the store).</summary>
    public RedisVectorStore(IConnectionMultiplexer connection, RedisVectorStoreOptions options)
        : this(connection, options, ownsConnection: false)
    {
    }

    private RedisVectorStore(IConnectionMultiplexer connection, RedisVectorStoreOptions options, bool ownsConnection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Options = Checked(options);
        _connection = connection;
        _ownsConnection = ownsConnection;
        _database = connection.GetDatabase(options.Connection.Database);
        _layout = new RedisVectorLayout(options.Connection.KeyPrefix);
    }

    /// <summary>Opens a store from a DSN (<c>host:port</c>, <c>redis://[:password@]host:port/db</c>, or a StackExchange.Redis string).</summary>
    /// <exception cref="StorageConfigurationException">Malformed DSN; the message never contains the password.</exception>
    public static Task<RedisVectorStore> OpenAsync(string dsn, string? keyPrefix = null, CancellationToken cancellationToken = default) =>
        OpenAsync(RedisVectorStoreOptions.FromDsn(dsn, keyPrefix), cancellationToken);

    /// <summary>Opens a store from options.</summary>
    public static async Task<RedisVectorStore> OpenAsync(RedisVectorStoreOptions options, CancellationToken cancellationToken = default)
    {
        Checked(options);
        var connection = await options.Connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return new RedisVectorStore(connection, options, ownsConnection: true);
    }

    /// <summary>The options the store was opened with.</summary>
    public RedisVectorStoreOptions Options { get; }

    /// <inheritdoc />
    public override string BackendName => Backend;

    /// <inheritdoc />
    /// <remarks>HSETs are pipelined: a batch is one round trip of at most about 8 MB of vectors.</remarks>
    protected override int UpsertBatchSize(int dimension) => Math.Clamp(8_000_000 / (dimension * sizeof(float) + 1_000), 1, 1_000);

    /// <inheritdoc />
    protected override async Task<int?> GetCollectionDimensionCoreAsync(string collection, CancellationToken cancellationToken)
    {
        var info = await ExecuteAsync(RedisVectorLayout.Info(_layout.IndexName(collection)), "DescribeCollection", collection, missingIsNull: true, cancellationToken)
            .ConfigureAwait(false);
        return info is null ? null : RedisVectorReplies.Dimension(Backend, collection, info);
    }

    /// <inheritdoc />
    protected override async Task<int> CreateCollectionCoreAsync(string collection, int dimension, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(_layout.Create(collection, dimension, Options.Algorithm), "CreateCollection", collection, missingIsNull: false, cancellationToken)
                .ConfigureAwait(false);
            return dimension;
        }
        catch (VectorServiceException e) when (RedisVectorReplies.IsIndexExists(e.ServiceMessage))
        {
            // Another client created it first, perhaps with another dimension: report what is really there.
            return await GetCollectionDimensionCoreAsync(collection, cancellationToken).ConfigureAwait(false) ?? dimension;
        }
    }

    /// <inheritdoc />
    protected override async Task DeleteCollectionCoreAsync(string collection, CancellationToken cancellationToken) =>
        await ExecuteAsync(_layout.DropWithDocuments(collection), "DeleteCollection", collection, missingIsNull: true, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override Task UpsertCoreAsync(string collection, int dimension, ReadOnlyMemory<Embedding> batch, CancellationToken cancellationToken)
    {
        var writes = new Task[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            writes[i] = ExecuteAsync(_layout.Set(collection, batch.Span[i]), "Upsert", collection, missingIsNull: false, cancellationToken);
        }
        return Task.WhenAll(writes);
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<VectorSearchResult>> SearchCoreAsync(
        string collection, int dimension, ReadOnlyMemory<float> query, int topK, VectorSearchOptions? options, CancellationToken cancellationToken)
    {
        var filterQuery = options?.Filter is { } filter ? FilterQuery(collection, filter) : null;
        var reply = await ExecuteAsync(_layout.Search(collection, query.Span, topK, options?.MetadataEquals, filterQuery), "Search", collection, missingIsNull: false,
            cancellationToken).ConfigureAwait(false);
        return RedisVectorReplies.SearchResults(Backend, collection, dimension, _layout.KeyPrefix(collection), reply!);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads by id with HMGET, lists by filter with FT.SEARCH and collections with FT._LIST. Filters: ==, !=, &amp;&amp;,
    /// ||, !, Contains on an array and IN run natively (<see cref="RedisVectorFilterQuery"/>); order comparisons and
    /// comparisons with null are refused before any request (<see cref="CheckFilter"/>).
    /// </remarks>
    public override VectorStoreCapabilities Capabilities =>
        VectorStoreCapabilities.GetById | VectorStoreCapabilities.Query | VectorStoreCapabilities.ListCollections | VectorStoreCapabilities.AnyFilter;

    /// <inheritdoc />
    protected override void CheckFilter(string collection, VectorFilter filter) => FilterQuery(collection, filter);

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<Embedding>> GetCoreAsync(string collection, int dimension, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var unique = ids.Distinct(StringComparer.Ordinal).ToArray();
        var replies = await Task.WhenAll(unique.Select(id => ExecuteAsync(_layout.Get(collection, id), "Get", collection, missingIsNull: false, cancellationToken)))
            .ConfigureAwait(false);
        var found = new List<Embedding>(unique.Length);
        for (var i = 0; i < unique.Length; i++)
        {
            if (RedisVectorReplies.Fields(Backend, collection, dimension, unique[i], replies[i]!) is { } embedding)
            {
                found.Add(embedding);
            }
        }
        return found;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The hash fields are not SORTABLE attributes, so every match is read (pages of <see cref="ListPage"/>) and
    /// ordered by id here.
    /// </remarks>
    protected override async Task<IReadOnlyList<Embedding>> QueryCoreAsync(string collection, int dimension, VectorFilter? filter, int skip, int top, CancellationToken cancellationToken)
    {
        var filterQuery = filter is null ? null : FilterQuery(collection, filter);
        var found = new List<Embedding>();
        long total;
        do
        {
            var reply = await ExecuteAsync(_layout.List(collection, filterQuery, found.Count, ListPage), "Query", collection, missingIsNull: false, cancellationToken)
                .ConfigureAwait(false);
            var page = RedisVectorReplies.Listed(Backend, collection, dimension, _layout.KeyPrefix(collection), reply!, out total);
            found.AddRange(page);
            if (page.Count == 0)
            {
                break;
            }
        }
        while (found.Count < total);
        return found.Where(e => filter is null || filter.Matches(e.Metadata))
            .OrderBy(e => e.Id, StringComparer.Ordinal).Skip(skip).Take(top).ToArray();
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<string>> ListCollectionsCoreAsync(CancellationToken cancellationToken)
    {
        var reply = await ExecuteAsync(RedisVectorLayout.ListIndexes(), "ListCollections", "", missingIsNull: false, cancellationToken).ConfigureAwait(false);
        return RedisVectorReplies.Collections(reply!, _layout.CollectionOf);
    }

    /// <summary>Hits per FT.SEARCH page when listing by filter (RediSearch's default MAXSEARCHRESULTS is 10,000).</summary>
    internal const int ListPage = 1000;

    private string FilterQuery(string collection, VectorFilter filter)
    {
        var (query, unsupported) = RedisVectorFilterQuery.Build(filter);
        return unsupported is null ? query! : throw FilterNotSupported(collection, unsupported, RedisVectorFilterQuery.Why(unsupported));
    }

    /// <inheritdoc />
    protected override Task DeleteCoreAsync(string collection, ReadOnlyMemory<string> ids, CancellationToken cancellationToken)
    {
        var deletes = new Task[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            deletes[i] = ExecuteAsync(_layout.Delete(collection, ids.Span[i]), "Delete", collection, missingIsNull: false, cancellationToken);
        }
        return Task.WhenAll(deletes);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (_ownsConnection)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends one command. Server errors become typed errors: a missing index is <see cref="VectorCollectionNotFoundException"/>
    /// (or null when <paramref name="missingIsNull"/>), a query blob of another size a <see cref="VectorDimensionMismatchException"/>,
    /// anything else a <see cref="VectorServiceException"/> with the server's message; connection failures and timeouts
    /// are <see cref="TransientStorageException"/>.
    /// </summary>
    private async Task<RedisResult?> ExecuteAsync(RedisVectorCommand command, string operation, string collection, bool missingIsNull, CancellationToken cancellationToken)
    {
        try
        {
            return await _database.ExecuteAsync(command.Name, command.Args).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (RedisVectorReplies.IsUnknownIndex(e.Message))
        {
            return missingIsNull ? null : throw new VectorCollectionNotFoundException(Backend, collection, operation);
        }
        catch (RedisServerException e) when (RedisVectorReplies.TryBlobSizeMismatch(e.Message, out var actual, out var expected))
        {
            throw new VectorDimensionMismatchException(collection, null, "query", expected, actual);
        }
        catch (RedisServerException e) when (command.Name.StartsWith("FT.", StringComparison.Ordinal) && e.Message.Contains("unknown command", StringComparison.OrdinalIgnoreCase))
        {
            throw new VectorServiceException(Backend, operation, collection, null,
                $"{e.Message} (this server has no vector search: use Redis Stack, Redis 8, or Redis with the RediSearch 2.4+ module).", e);
        }
        catch (RedisServerException e)
        {
            throw new VectorServiceException(Backend, operation, collection, null, e.Message, e);
        }
        catch (Exception e) when (RedisFaults.IsTransient(e))
        {
            throw new TransientStorageException(Backend, operation, e);
        }
    }

    // Every command touches one key (or an index name), so unlike the storage adapter no key prefix is unsafe here.
    private static RedisVectorStoreOptions Checked(RedisVectorStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Connection);
        return options;
    }
}
