using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Chronos.Storage;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using ChronosSearchOptions = Chronos.Storage.Vectors.VectorSearchOptions;
using Embedding = Chronos.Storage.Vectors.Embedding;

namespace Chronos.VectorData;

/// <summary>
/// An MEVD <see cref="VectorStoreCollection{TKey, TRecord}"/> over any Chronos <see cref="IVectorStore"/> (embedded
/// SQLite, Qdrant, Pinecone, Weaviate, Milvus, Redis): one implementation for all of them, through Chronos's vector
/// interface. Records become embeddings through a <see cref="VectorRecordMapping{TKey, TRecord}"/> (generated at
/// compile time for attributed records; no reflection).
/// <para>
/// Scores: Chronos searches by cosine similarity. With <see cref="DistanceFunction.CosineSimilarity"/> (the default)
/// the score is the similarity, -1 to 1, higher is better, and <c>ScoreThreshold</c> is a minimum. With
/// <see cref="DistanceFunction.CosineDistance"/> the score is 1 - similarity, 0 to 2, lower is better, and
/// <c>ScoreThreshold</c> is a maximum. Other distance functions are refused when the collection is created.
/// </para>
/// <para>Thread-safe: it holds no mutable state beyond the underlying store, which is thread-safe.</para>
/// </summary>
public sealed class ChronosVectorStoreCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    private readonly IVectorStore _store;
    private readonly VectorRecordMapping<TKey, TRecord> _mapping;
    private readonly VectorRecordProperty _vector;
    private readonly IEmbeddingGenerator? _generator;
    private readonly VectorStoreCollectionMetadata _metadata;
    private readonly bool _distance;

    /// <summary>Creates the collection object (nothing is sent until the first call).</summary>
    /// <param name="store">The Chronos vector store.</param>
    /// <param name="name">The collection name (a letter, then letters, digits or '_', at most 63).</param>
    /// <param name="mapping">How records map to embeddings.</param>
    /// <param name="options">Embedding generator and store name, or null.</param>
    /// <param name="embeddingGenerator">A generator for this collection (from its definition), overriding <paramref name="options"/>.</param>
    /// <exception cref="VectorCapabilityNotSupportedException">The record asks for a distance function or index kind Chronos does not do.</exception>
    public ChronosVectorStoreCollection(IVectorStore store, string name, VectorRecordMapping<TKey, TRecord> mapping,
        ChronosVectorStoreOptions? options = null, IEmbeddingGenerator? embeddingGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(mapping);
        _store = store;
        _mapping = mapping;
        Name = VectorGuard.CollectionName(name, nameof(name));
        Backend = BackendOf(store);
        _vector = mapping.Vector;
        _generator = embeddingGenerator ?? options?.EmbeddingGenerator;
        _distance = DistanceSupport.IsDistance(_vector, Backend, Name);
        DistanceSupport.CheckIndexKind(_vector, Backend, Name);
        _metadata = new VectorStoreCollectionMetadata { VectorStoreSystemName = Backend, VectorStoreName = options?.StoreName, CollectionName = Name };
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>The Chronos backend name (e.g. <c>sqlite-vectors</c>, <c>qdrant</c>).</summary>
    public string Backend { get; }

    internal static string BackendOf(IVectorStore store) => store is VectorStoreEngine engine ? engine.BackendName : store.GetType().Name;

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) =>
        Run("CollectionExists", () => _store.CollectionExistsAsync(Name, cancellationToken));

    /// <inheritdoc />
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) =>
        Run("EnsureCollectionExists", () => _store.CreateCollectionAsync(Name, _vector.Dimensions, cancellationToken));

    /// <inheritdoc />
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) =>
        Run("EnsureCollectionDeleted", () => _store.DeleteCollectionAsync(Name, cancellationToken));

    /// <inheritdoc />
    public override async Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var found = await Run("Get", () => _store.GetAsync(Name, [_mapping.ToId(key)], cancellationToken)).ConfigureAwait(false);
        return found.Count == 0 ? null : _mapping.FromEmbedding(found[0], options?.IncludeVectors ?? false);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<TRecord> GetAsync(IEnumerable<TKey> keys, RecordRetrievalOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ids = keys.Select(_mapping.ToId).ToArray();
        if (ids.Length == 0)
        {
            yield break;
        }
        var found = await Run("Get", () => _store.GetAsync(Name, ids, cancellationToken)).ConfigureAwait(false);
        foreach (var embedding in found)
        {
            yield return _mapping.FromEmbedding(embedding, options?.IncludeVectors ?? false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Records come ordered by key (ordinal), after <c>Skip</c>, at most <paramref name="top"/>. <c>OrderBy</c> is
    /// refused (<see cref="VectorCapabilityNotSupportedException"/>): Chronos stores order by key only.
    /// </remarks>
    public override async IAsyncEnumerable<TRecord> GetAsync(Expression<Func<TRecord, bool>> filter, int top,
        FilteredRecordRetrievalOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options?.Skip ?? 0, "options.Skip");
        if (options?.OrderBy is not null)
        {
            throw new VectorCapabilityNotSupportedException(Backend, Name, "FilteredRecordRetrievalOptions.OrderBy",
                "Chronos lists records ordered by key; sort the page in memory.");
        }
        var chronosFilter = VectorFilterTranslator.Translate<TRecord>(filter, _mapping.Properties, Backend, Name);
        var found = await Run("Get", () => _store.QueryAsync(Name, chronosFilter, options?.Skip ?? 0, Math.Min(top, VectorGuard.MaxTopK), cancellationToken)).ConfigureAwait(false);
        foreach (var embedding in found)
        {
            yield return _mapping.FromEmbedding(embedding, options?.IncludeVectors ?? false);
        }
    }

    /// <inheritdoc />
    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Run("Delete", () => _store.DeleteAsync(Name, [_mapping.ToId(key)], cancellationToken));
    }

    /// <inheritdoc />
    /// <remarks>One call to the store, which splits it into the service's batches; missing keys are ignored.</remarks>
    public override Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var ids = keys.Select(_mapping.ToId).Distinct(StringComparer.Ordinal).ToArray();
        return ids.Length == 0 ? Task.CompletedTask : Run("Delete", () => _store.DeleteAsync(Name, ids, cancellationToken));
    }

    /// <inheritdoc />
    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return UpsertAsync([record], cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Every record is checked and converted (and its text embedded) before anything is sent; a record given twice in
    /// one batch is refused. The store sends the batch in the service's batch sizes; on the embedded store each batch
    /// is one transaction.
    /// </remarks>
    public override async Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var all = records.ToArray();
        if (all.Length == 0)
        {
            return;
        }
        var vectors = await VectorsAsync(all, cancellationToken).ConfigureAwait(false);
        var embeddings = new Embedding[all.Length];
        for (var i = 0; i < all.Length; i++)
        {
            var record = all[i] ?? throw new ArgumentNullException($"records[{i}]");
            embeddings[i] = new Embedding
            {
                Id = _mapping.ToId(_mapping.GetKey(record)),
                Vector = vectors[i],
                Metadata = _mapping.ToMetadata(record),
            };
        }
        await Run("Upsert", () => _store.UpsertAsync(Name, embeddings, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <paramref name="searchValue"/> may be a <see cref="ReadOnlyMemory{T}"/> of float, a float[], an
    /// <see cref="Embedding{T}"/> of float, or a string (embedded with the configured generator). <c>Skip</c> +
    /// <paramref name="top"/> is at most 1000. <c>VectorProperty</c> may only name the record's one vector.
    /// </remarks>
    public override async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(TInput searchValue, int top,
        VectorSearchOptions<TRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var skip = options?.Skip ?? 0;
        ArgumentOutOfRangeException.ThrowIfNegative(skip, "options.Skip");
        if (options?.VectorProperty is { } selector && !(selector.Body is MemberExpression or UnaryExpression { Operand: MemberExpression }
            && ((selector.Body as MemberExpression ?? (MemberExpression)((UnaryExpression)selector.Body).Operand).Member.Name == _vector.Name)))
        {
            throw new InvalidOperationException($"VectorSearchOptions.VectorProperty '{selector}' is not the vector property '{_vector.Name}' of collection '{Name}'.");
        }
        var chronosOptions = new ChronosSearchOptions
        {
            Filter = options?.Filter is { } filter ? VectorFilterTranslator.Translate<TRecord>(filter, _mapping.Properties, Backend, Name) : null,
            MinScore = options?.ScoreThreshold is { } threshold ? DistanceSupport.MinSimilarity(threshold, _distance) : null,
        };
        var query = await QueryVectorAsync(searchValue, cancellationToken).ConfigureAwait(false);
        var hits = await Run("Search", () => _store.SearchAsync(Name, query, checked(top + skip), chronosOptions, cancellationToken)).ConfigureAwait(false);
        var includeVectors = options?.IncludeVectors ?? false;
        foreach (var hit in hits.Skip(skip))
        {
            yield return new VectorSearchResult<TRecord>(_mapping.FromEmbedding(hit.Embedding, includeVectors), DistanceSupport.Score(hit.Score, _distance));
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? _metadata
            : serviceType == typeof(IVectorStore) ? _store
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private async Task<ReadOnlyMemory<float>> QueryVectorAsync<TInput>(TInput value, CancellationToken cancellationToken) =>
        value switch
        {
            ReadOnlyMemory<float> memory => memory,
            float[] array => array,
            Embedding<float> embedding => embedding.Vector,
            string text => (await GenerateAsync([text], cancellationToken).ConfigureAwait(false))[0],
            _ => throw new NotSupportedException(
                $"Search value of type {typeof(TInput)} is not supported by collection '{Name}': use ReadOnlyMemory<float>, float[], Embedding<float> or string (with an embedding generator)."),
        };

    private async Task<ReadOnlyMemory<float>[]> VectorsAsync(TRecord[] records, CancellationToken cancellationToken)
    {
        var vectors = new ReadOnlyMemory<float>[records.Length];
        List<(int Index, string Text)>? texts = null;
        for (var i = 0; i < records.Length; i++)
        {
            var record = records[i] ?? throw new ArgumentNullException($"records[{i}]");
            switch (_mapping.GetVectorValue(record))
            {
                case ReadOnlyMemory<float> memory:
                    vectors[i] = memory;
                    break;
                case float[] array:
                    vectors[i] = array;
                    break;
                case Embedding<float> embedding:
                    vectors[i] = embedding.Vector;
                    break;
                case string text:
                    (texts ??= []).Add((i, text));
                    break;
                case null:
                    throw new ArgumentException($"records[{i}] (key '{_mapping.ToId(_mapping.GetKey(record))}'): the vector property '{_vector.Name}' is null.", nameof(records));
                case var other:
                    throw new NotSupportedException($"records[{i}]: vector property '{_vector.Name}' holds a {other.GetType()}; use ReadOnlyMemory<float>, float[], Embedding<float> or string.");
            }
        }
        if (texts is not null)
        {
            var generated = await GenerateAsync(texts.Select(static t => t.Text).ToArray(), cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < texts.Count; j++)
            {
                vectors[texts[j].Index] = generated[j];
            }
        }
        return vectors;
    }

    private async Task<ReadOnlyMemory<float>[]> GenerateAsync(string[] texts, CancellationToken cancellationToken)
    {
        if (_generator is not IEmbeddingGenerator<string, Embedding<float>> generator)
        {
            throw new InvalidOperationException(
                $"Collection '{Name}': vector property '{_vector.Name}' needs text embedded, but no IEmbeddingGenerator<string, Embedding<float>> is configured " +
                "(set it on the vector property, the collection definition or ChronosVectorStoreOptions.EmbeddingGenerator).");
        }
        var embeddings = await generator.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (embeddings.Count != texts.Length)
        {
            throw new InvalidOperationException($"Collection '{Name}': the embedding generator returned {embeddings.Count} embeddings for {texts.Length} texts.");
        }
        return embeddings.Select(static e => e.Vector).ToArray();
    }

    private Task Run(string operation, Func<Task> call) => Run(operation, async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    });

    // Failures of the store become VectorStoreException (MEVD's contract), keeping the typed Chronos error as the inner
    // exception; argument errors and capability refusals (raised before any request) pass through unchanged.
    private async Task<T> Run<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (StorageException e) when (e is not VectorCapabilityNotSupportedException)
        {
            throw new VectorStoreException(e.Message, e)
            {
                VectorStoreSystemName = Backend,
                VectorStoreName = _metadata.VectorStoreName,
                CollectionName = Name,
                OperationName = operation,
            };
        }
    }
}
