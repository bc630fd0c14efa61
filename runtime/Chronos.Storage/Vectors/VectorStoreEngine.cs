using Chronos.Storage.Vectors;
using System.Collections.Concurrent;

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
            if (hit.Score >= min && MetadataFilter.Matches(hit.Embedding.Metadata, options?.MetadataEquals))
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
