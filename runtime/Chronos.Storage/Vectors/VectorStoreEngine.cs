using Chronos.Storage.Vectors;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Chronos.Storage.Providers;

/// <summary>
/// The semantics of <see cref="IVectorStore"/>, written once: validation before any I/O, the collection dimension
/// check (cached per collection), idempotent creation, batching to the service's limits, and the final shape of
/// search results (minimum score, filter, score-descending order, <c>topK</c>). An adapter supplies only the calls to
/// its service.
/// </summary>
public abstract class VectorStoreEngine : IVectorStore
{
    private readonly ConcurrentDictionary<string, int> _dimensions = new(StringComparer.Ordinal);

    /// <summary>The backend name used in errors, e.g. <c>qdrant</c>.</summary>
    public abstract string BackendName { get; }

    /// <summary>
    /// Most embeddings sent in one upsert request for vectors of <paramref name="dimension"/> (services limit both the
    /// count and the request size, which grows with the dimension).
    /// </summary>
    protected virtual int UpsertBatchSize(int dimension) => 100;

    /// <summary>What this backend can do beyond the common operations; the default is <see cref="VectorStoreCapabilities.None"/>.</summary>
    public virtual VectorStoreCapabilities Capabilities => VectorStoreCapabilities.None;

    /// <summary>Reads embeddings by id (needs <see cref="VectorStoreCapabilities.GetById"/>); missing ids are left out.</summary>
    protected virtual Task<IReadOnlyList<Embedding>> GetCoreAsync(string collection, int dimension, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        throw Unsupported(collection, "GetAsync (read embeddings by id)");

    /// <summary>
    /// Lists embeddings matching the filter, ordered by id, after <paramref name="skip"/>, at most <paramref name="top"/>
    /// (needs <see cref="VectorStoreCapabilities.Query"/>).
    /// </summary>
    protected virtual Task<IReadOnlyList<Embedding>> QueryCoreAsync(string collection, int dimension, VectorFilter? filter, int skip, int top, CancellationToken cancellationToken) =>
        throw Unsupported(collection, "QueryAsync (list embeddings by filter)");

    /// <summary>Lists the collection names (needs <see cref="VectorStoreCapabilities.ListCollections"/>).</summary>
    protected virtual Task<IReadOnlyList<string>> ListCollectionsCoreAsync(CancellationToken cancellationToken) =>
        throw Unsupported(null, "ListCollectionsAsync");

    /// <summary>
    /// Checks, before any request, that this backend can run <paramref name="filter"/> (a filter beyond equalities
    /// joined by AND, on a backend with <see cref="VectorStoreCapabilities.AnyFilter"/>); throws
    /// <see cref="VectorCapabilityNotSupportedException"/> (through <see cref="FilterNotSupported"/>) naming the first
    /// construct it cannot express. The default accepts every filter (a backend that evaluates filters in process).
    /// </summary>
    protected virtual void CheckFilter(string collection, VectorFilter filter)
    {
    }

    /// <summary>The refusal of one filter construct this backend cannot express, naming it and the backend.</summary>
    /// <param name="collection">The collection searched or queried.</param>
    /// <param name="construct">The part of the filter that cannot be expressed.</param>
    /// <param name="why">What the backend lacks, e.g. <c>numeric ranges need a NUMERIC field</c>.</param>
    protected VectorCapabilityNotSupportedException FilterNotSupported(string collection, VectorFilter construct, string why) =>
        new(BackendName, collection, $"the filter '{construct}'", why + ".");

    /// <summary>Most ids sent in one delete request.</summary>
    protected virtual int MaxDeleteBatch => 1000;

    /// <summary>The collection's dimension, or null when it does not exist.</summary>
    protected abstract Task<int?> GetCollectionDimensionCoreAsync(string collection, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the collection if it does not exist (another client may create it concurrently: that is not an error).
    /// </summary>
    /// <returns>The dimension the collection has after the call.</returns>
    protected abstract Task<int> CreateCollectionCoreAsync(string collection, int dimension, CancellationToken cancellationToken);

    /// <summary>Deletes the collection; a missing one is not an error.</summary>
    protected abstract Task DeleteCollectionCoreAsync(string collection, CancellationToken cancellationToken);

    /// <summary>Upserts one batch of at most <see cref="UpsertBatchSize"/> validated embeddings.</summary>
    protected abstract Task UpsertCoreAsync(string collection, int dimension, ReadOnlyMemory<Embedding> batch, CancellationToken cancellationToken);

    /// <summary>
    /// Finds the nearest embeddings by cosine similarity. May return more than <paramref name="topK"/> or unsorted
    /// results; the engine applies the minimum score and filter again, sorts and truncates.
    /// </summary>
    protected abstract Task<IReadOnlyList<VectorSearchResult>> SearchCoreAsync(
        string collection, int dimension, ReadOnlyMemory<float> query, int topK, VectorSearchOptions? options, CancellationToken cancellationToken);

    /// <summary>Deletes one batch of at most <see cref="MaxDeleteBatch"/> ids; missing ids are ignored.</summary>
    protected abstract Task DeleteCoreAsync(string collection, ReadOnlyMemory<string> ids, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <inheritdoc />
    public async Task CreateCollectionAsync(string name, int dimension, CancellationToken cancellationToken = default)
    {
        VectorGuard.CollectionName(name, nameof(name));
        VectorGuard.Dimension(dimension, name);
        cancellationToken.ThrowIfCancellationRequested();
        var existing = await FindDimensionAsync(name, cancellationToken).ConfigureAwait(false)
            ?? await CreateCollectionCoreAsync(name, dimension, cancellationToken).ConfigureAwait(false);
        if (existing != dimension)
        {
            throw new VectorCollectionDimensionConflictException(BackendName, name, existing, dimension);
        }
        _dimensions[name] = existing;
    }

    /// <inheritdoc />
    public async Task DeleteCollectionAsync(string name, CancellationToken cancellationToken = default)
    {
        VectorGuard.CollectionName(name, nameof(name));
        cancellationToken.ThrowIfCancellationRequested();
        _dimensions.TryRemove(name, out _);
        await DeleteCollectionCoreAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UpsertAsync(string collection, IReadOnlyList<Embedding> embeddings, CancellationToken cancellationToken = default)
    {
        VectorGuard.CollectionName(collection, nameof(collection));
        var dimension = await RequireDimensionAsync(collection, "Upsert", cancellationToken).ConfigureAwait(false);
        VectorGuard.Embeddings(embeddings, dimension, collection, nameof(embeddings));
        var all = embeddings as Embedding[] ?? [.. embeddings];
        var batchSize = Math.Max(1, UpsertBatchSize(dimension));
        for (var start = 0; start < all.Length; start += batchSize)
        {
            var batch = all.AsMemory(start, Math.Min(batchSize, all.Length - start));
            await Forgetting(collection, UpsertCoreAsync(collection, dimension, batch, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<VectorSearchResult>> SearchAsync(
        string collection, ReadOnlyMemory<float> query, int topK, VectorSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        VectorGuard.CollectionName(collection, nameof(collection));
        VectorGuard.TopK(topK, nameof(topK));
        VectorGuard.Options(options, collection, nameof(options));
        options = PrepareFilter(collection, options);
        var dimension = await RequireDimensionAsync(collection, "Search", cancellationToken).ConfigureAwait(false);
        VectorGuard.Vector(query.Span, dimension, collection, null, nameof(query));
        var found = await Forgetting(collection, SearchCoreAsync(collection, dimension, query, topK, options, cancellationToken)).ConfigureAwait(false);
        return Finish(found, topK, options);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string collection, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        VectorGuard.CollectionName(collection, nameof(collection));
        VectorGuard.Ids(ids, collection, nameof(ids));
        await RequireDimensionAsync(collection, "Delete", cancellationToken).ConfigureAwait(false);
        var all = ids as string[] ?? [.. ids];
        for (var start = 0; start < all.Length; start += MaxDeleteBatch)
        {
            var batch = all.AsMemory(start, Math.Min(MaxDeleteBatch, all.Length - start));
            await Forgetting(collection, DeleteCoreAsync(collection, batch, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        VectorGuard.CollectionName(name, nameof(name));
        cancellationToken.ThrowIfCancellationRequested();
        var dimension = await GetCollectionDimensionCoreAsync(name, cancellationToken).ConfigureAwait(false);
        if (dimension is null)
        {
            _dimensions.TryRemove(name, out _);
        }
        return dimension is not null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default)
    {
        Require(VectorStoreCapabilities.ListCollections, null, "ListCollectionsAsync");
        cancellationToken.ThrowIfCancellationRequested();
        var names = (await ListCollectionsCoreAsync(cancellationToken).ConfigureAwait(false)).ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Embedding>> GetAsync(string collection, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        VectorGuard.CollectionName(collection, nameof(collection));
        VectorGuard.Ids(ids, collection, nameof(ids));
        Require(VectorStoreCapabilities.GetById, collection, "GetAsync (read embeddings by id)");
        var dimension = await RequireDimensionAsync(collection, "Get", cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return [];
        }
        var found = await Forgetting(collection, GetCoreAsync(collection, dimension, ids, cancellationToken)).ConfigureAwait(false);
        var byId = new Dictionary<string, Embedding>(found.Count, StringComparer.Ordinal);
        foreach (var embedding in found)
        {
            byId[embedding.Id] = embedding;
        }
        var ordered = new List<Embedding>(byId.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (seen.Add(id) && byId.TryGetValue(id, out var embedding))
            {
                ordered.Add(embedding);
            }
        }
        return ordered;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Embedding>> QueryAsync(string collection, VectorFilter? filter, int skip, int top, CancellationToken cancellationToken = default)
    {
        VectorGuard.CollectionName(collection, nameof(collection));
        if (skip < 0)
        {
            throw new StorageArgumentException(nameof(skip), collection, null, $"'{nameof(skip)}' must not be negative; got {skip}.");
        }
        VectorGuard.TopK(top, nameof(top));
        if (filter is not null)
        {
            VectorGuard.Filter(filter, collection, nameof(filter));
        }
        Require(VectorStoreCapabilities.Query, collection, "QueryAsync (list embeddings by filter)");
        if (filter is not null && filter.FirstBeyondEqualities() is { } beyond)
        {
            Require(VectorStoreCapabilities.AnyFilter, collection, $"the filter '{beyond}'");
            CheckFilter(collection, filter);
        }
        var dimension = await RequireDimensionAsync(collection, "Query", cancellationToken).ConfigureAwait(false);
        var found = await Forgetting(collection, QueryCoreAsync(collection, dimension, filter, skip, top, cancellationToken)).ConfigureAwait(false);
        return found;
    }

    /// <summary>
    /// The one place where every backend's hits get their final shape: at least the minimum score, matching the
    /// filter, highest score first (ties by id, so the order is deterministic), at most <paramref name="topK"/>.
    /// </summary>
    public static IReadOnlyList<VectorSearchResult> Finish(IReadOnlyList<VectorSearchResult> found, int topK, VectorSearchOptions? options)
    {
        var min = options?.MinScore ?? float.NegativeInfinity;
        var kept = new List<VectorSearchResult>(Math.Min(found.Count, topK));
        foreach (var hit in found)
        {
            if (hit.Score >= min && MetadataFilter.Matches(hit.Embedding.Metadata, options?.MetadataEquals)
                && (options?.Filter is not { } filter || filter.Matches(hit.Embedding.Metadata)))
            {
                kept.Add(hit);
            }
        }
        kept.Sort(static (a, b) => b.Score.CompareTo(a.Score) is var byScore and not 0 ? byScore : string.CompareOrdinal(a.Embedding.Id, b.Embedding.Id));
        if (kept.Count > topK)
        {
            kept.RemoveRange(topK, kept.Count - topK);
        }
        return kept;
    }

    // A filter made only of equalities joined by AND travels as MetadataEquals, which every backend runs; anything else
    // needs AnyFilter and is refused here, before any request, naming the first construct beyond equalities.
    private VectorSearchOptions? PrepareFilter(string collection, VectorSearchOptions? options)
    {
        if (options?.Filter is not { } filter)
        {
            return options;
        }
        if (filter.AsEqualities() is { } equalities && Merge(options.MetadataEquals, equalities) is { } merged)
        {
            return options with { MetadataEquals = merged, Filter = null };
        }
        Require(VectorStoreCapabilities.AnyFilter, collection, $"the filter '{filter.FirstBeyondEqualities() ?? filter}'");
        CheckFilter(collection, filter);
        return options;
    }

    // Null when the two sets ask one key for two different values (then only a full filter can express the search).
    private static Dictionary<string, JsonValue>? Merge(IReadOnlyDictionary<string, JsonValue>? first, IReadOnlyDictionary<string, JsonValue> second)
    {
        var merged = new Dictionary<string, JsonValue>(second, StringComparer.Ordinal);
        foreach (var (key, value) in first ?? new Dictionary<string, JsonValue>())
        {
            if (merged.TryGetValue(key, out var other) && !MetadataFilter.ScalarEquals(other, value))
            {
                return null;
            }
            merged[key] = value;
        }
        return merged;
    }

    private void Require(VectorStoreCapabilities capability, string? collection, string construct)
    {
        if ((Capabilities & capability) != capability)
        {
            throw Unsupported(collection, construct);
        }
    }

    private VectorCapabilityNotSupportedException Unsupported(string? collection, string construct) =>
        new(BackendName, collection, construct, $"{BackendName} supports {Describe(Capabilities)}; see the capability table in the README's 'Vector search' section.");

    private static string Describe(VectorStoreCapabilities capabilities) =>
        capabilities == VectorStoreCapabilities.None ? "create/delete collection, upsert, search with equality filters, delete by id" : $"also {capabilities}";

    private async Task<int?> FindDimensionAsync(string collection, CancellationToken cancellationToken)
    {
        if (_dimensions.TryGetValue(collection, out var known))
        {
            return known;
        }
        var found = await GetCollectionDimensionCoreAsync(collection, cancellationToken).ConfigureAwait(false);
        if (found is { } dimension)
        {
            _dimensions[collection] = dimension;
        }
        return found;
    }

    private async Task<int> RequireDimensionAsync(string collection, string operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await FindDimensionAsync(collection, cancellationToken).ConfigureAwait(false)
            ?? throw new VectorCollectionNotFoundException(BackendName, collection, operation);
    }

    // A collection dropped by another client makes the cached dimension stale: forget it so the next call looks again.
    private async Task Forgetting(string collection, Task call)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (VectorCollectionNotFoundException)
        {
            _dimensions.TryRemove(collection, out _);
            throw;
        }
    }

    private async Task<T> Forgetting<T>(string collection, Task<T> call)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (VectorCollectionNotFoundException)
        {
            _dimensions.TryRemove(collection, out _);
            throw;
        }
    }
}
