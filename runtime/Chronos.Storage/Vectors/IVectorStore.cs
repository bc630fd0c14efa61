using Chronos.Storage.Providers;

namespace Chronos.Storage.Vectors;

/// <summary>
/// A store of embeddings grouped in collections, searched by cosine similarity. Every adapter implements the same
/// semantics, pinned by the vector conformance suite:
/// <list type="bullet">
/// <item><see cref="VectorSearchResult.Score"/> is the cosine similarity (higher is better) and results are sorted by
/// score, highest first.</item>
/// <item><see cref="CreateCollectionAsync"/> is idempotent for the same dimension and refuses a different one.</item>
/// <item><see cref="UpsertAsync"/> replaces an embedding with the same id; large upserts are split into batches the
/// service accepts.</item>
/// <item>Deleting ids that do not exist is not an error.</item>
/// <item>Bad input (a vector of the wrong dimension, an empty id, a zero or non-finite vector) is refused with a
/// <see cref="StorageArgumentException"/> or <see cref="VectorDimensionMismatchException"/> before anything is sent.</item>
/// </list>
/// </summary>
public interface IVectorStore : IAsyncDisposable
{
    /// <summary>Creates a collection of vectors with <paramref name="dimension"/> components.</summary>
    /// <param name="name">Collection name: a letter, then letters, digits or '_' (at most 63 characters).</param>
    /// <param name="dimension">1 to <see cref="VectorGuard.MaxDimension"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="VectorCollectionDimensionConflictException">It exists with another dimension.</exception>
    Task CreateCollectionAsync(string name, int dimension, CancellationToken cancellationToken = default);

    /// <summary>Deletes a collection and everything in it; a missing collection is not an error.</summary>
    Task DeleteCollectionAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Inserts the embeddings, replacing those whose id is already stored.</summary>
    /// <exception cref="VectorCollectionNotFoundException">The collection does not exist.</exception>
    /// <exception cref="VectorDimensionMismatchException">A vector has the wrong dimension; nothing was sent.</exception>
    Task UpsertAsync(string collection, IReadOnlyList<Embedding> embeddings, CancellationToken cancellationToken = default);

    /// <summary>
    /// The <paramref name="topK"/> embeddings most similar to <paramref name="query"/>, highest cosine similarity first.
    /// </summary>
    /// <param name="collection">The collection to search.</param>
    /// <param name="query">A vector of the collection's dimension, not all zero.</param>
    /// <param name="topK">1 to <see cref="VectorGuard.MaxTopK"/>.</param>
    /// <param name="options">Metadata filter and minimum score, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="VectorCollectionNotFoundException">The collection does not exist.</exception>
    /// <exception cref="VectorDimensionMismatchException">The query has the wrong dimension; nothing was sent.</exception>
    Task<IReadOnlyList<VectorSearchResult>> SearchAsync(
        string collection,
        ReadOnlyMemory<float> query,
        int topK,
        VectorSearchOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Deletes the embeddings with these ids; ids that do not exist are ignored.</summary>
    /// <exception cref="VectorCollectionNotFoundException">The collection does not exist.</exception>
    Task DeleteAsync(string collection, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>True when the collection exists (asks the service every time; nothing is cached).</summary>
    Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The names of every collection in the store, in ordinal order.</summary>
    /// <exception cref="VectorCapabilityNotSupportedException">The backend cannot list its collections.</exception>
    Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default);

    /// <summary>The stored embeddings with these ids, in the order of <paramref name="ids"/>; ids not stored are left out.</summary>
    /// <exception cref="VectorCollectionNotFoundException">The collection does not exist.</exception>
    /// <exception cref="VectorCapabilityNotSupportedException">The backend cannot read embeddings by id; nothing was sent.</exception>
    Task<IReadOnlyList<Embedding>> GetAsync(string collection, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// The embeddings whose metadata satisfies <paramref name="filter"/> (every embedding when null), ordered by id
    /// (ordinal), after skipping <paramref name="skip"/>, at most <paramref name="top"/>.
    /// </summary>
    /// <exception cref="VectorCollectionNotFoundException">The collection does not exist.</exception>
    /// <exception cref="VectorCapabilityNotSupportedException">The backend cannot list embeddings by filter; nothing was sent.</exception>
    Task<IReadOnlyList<Embedding>> QueryAsync(string collection, VectorFilter? filter, int skip, int top, CancellationToken cancellationToken = default);
}
