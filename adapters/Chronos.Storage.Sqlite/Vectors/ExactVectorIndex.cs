using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using Chronos.Storage.Vectors;

namespace Chronos.Storage.Sqlite.Vectors;

/// <summary>
/// One collection held in memory for exact search: every vector in one contiguous float buffer (row-major), with the
/// inverse of its norm computed at insert, so that a search is one pass of SIMD dot products over the buffer
/// (cosine = dot(row, query / |query|) * inverseNorm[row]) and a top-k selection. Keeping the original vectors (not
/// normalized copies) costs nothing at search time and lets them round-trip exactly without a second buffer.
/// Not thread-safe: the owner serializes writers against readers.
/// </summary>
internal sealed class ExactVectorIndex
{
    private float[] _vectors;
    private float[] _inverseNorms;
    private string[] _ids;
    private JsonObject?[] _metadata;
    private string[] _contents;
    private readonly Dictionary<string, int> _rows;

    /// <summary>Creates an empty index with room for <paramref name="capacity"/> vectors.</summary>
    public ExactVectorIndex(int dimension, int capacity = 16)
    {
        Dimension = dimension;
        capacity = Math.Max(capacity, 1);
        _vectors = new float[checked(capacity * dimension)];
        _inverseNorms = new float[capacity];
        _ids = new string[capacity];
        _metadata = new JsonObject?[capacity];
        _contents = new string[capacity];
        _rows = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
    }

    /// <summary>Components per vector.</summary>
    public int Dimension { get; }

    /// <summary>Vectors held.</summary>
    public int Count { get; private set; }

    /// <summary>The vectors, row-major, <see cref="Count"/> rows of <see cref="Dimension"/>.</summary>
    public ReadOnlySpan<float> Vectors => _vectors.AsSpan(0, Count * Dimension);

    /// <summary>Inserts or replaces. <paramref name="metadata"/> is owned by the index from now on.</summary>
    public void Upsert(string id, ReadOnlySpan<float> vector, JsonObject? metadata, string content)
    {
        if (!_rows.TryGetValue(id, out var row))
        {
            row = Count;
            EnsureCapacity(row + 1);
            _rows.Add(id, row);
            _ids[row] = id;
            Count++;
        }
        vector.CopyTo(_vectors.AsSpan(row * Dimension, Dimension));
        _inverseNorms[row] = 1f / TensorPrimitives.Norm(vector);
        _metadata[row] = metadata;
        _contents[row] = content;
    }

    /// <summary>Removes an id if present, moving the last row into its place.</summary>
    public void Remove(string id)
    {
        if (!_rows.Remove(id, out var row))
        {
            return;
        }
        var last = Count - 1;
        if (row != last)
        {
            _vectors.AsSpan(last * Dimension, Dimension).CopyTo(_vectors.AsSpan(row * Dimension, Dimension));
            _inverseNorms[row] = _inverseNorms[last];
            _ids[row] = _ids[last];
            _metadata[row] = _metadata[last];
            _contents[row] = _contents[last];
            _rows[_ids[row]] = row;
        }
        _ids[last] = null!;
        _metadata[last] = null;
        _contents[last] = null!;
        Count = last;
    }

    /// <summary>
    /// The <paramref name="topK"/> rows most similar to <paramref name="query"/> with a score of at least
    /// <paramref name="minScore"/> whose metadata satisfies <paramref name="filter"/> (every row when null), highest first.
    /// </summary>
    public List<VectorSearchResult> Search(ReadOnlySpan<float> query, int topK, float minScore, Func<JsonObject?, bool>? filter)
    {
        var unit = new float[Dimension];
        TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), unit);
        var top = new TopK(topK, minScore);
        if (filter is null)
        {
            Scan(Vectors, _inverseNorms.AsSpan(0, Count), unit, ref top);
        }
        else
        {
            for (var row = 0; row < Count; row++)
            {
                if (filter(_metadata[row]))
                {
                    top.Offer(row, TensorPrimitives.Dot(_vectors.AsSpan(row * Dimension, Dimension), unit) * _inverseNorms[row]);
                }
            }
        }
        var rows = top.Drain();
        var results = new List<VectorSearchResult>(rows.Length);
        foreach (var (row, score) in rows)
        {
            results.Add(new VectorSearchResult(EmbeddingAt(row), score));
        }
        return results;
    }

    /// <summary>A copy of the embedding stored under <paramref name="id"/>, or null.</summary>
    public Embedding? Find(string id) => _rows.TryGetValue(id, out var row) ? EmbeddingAt(row) : null;

    /// <summary>
    /// Copies of the embeddings whose metadata satisfies <paramref name="filter"/> (all when null), ordered by id
    /// (ordinal), after skipping <paramref name="skip"/>, at most <paramref name="top"/>.
    /// </summary>
    public List<Embedding> Query(Func<JsonObject?, bool>? filter, int skip, int top)
    {
        var rows = new List<int>();
        for (var row = 0; row < Count; row++)
        {
            if (filter is null || filter(_metadata[row]))
            {
                rows.Add(row);
            }
        }
        rows.Sort((a, b) => string.CompareOrdinal(_ids[a], _ids[b]));
        var page = new List<Embedding>(Math.Max(0, Math.Min(top, rows.Count - skip)));
        for (var i = skip; i < rows.Count && page.Count < top; i++)
        {
            page.Add(EmbeddingAt(rows[i]));
        }
        return page;
    }

    /// <summary>
    /// The search kernel: one SIMD dot product per row of <paramref name="vectors"/> with the unit query, scaled by
    /// the row's inverse norm, offered to <paramref name="top"/>.
    /// </summary>
    public static void Scan(ReadOnlySpan<float> vectors, ReadOnlySpan<float> inverseNorms, ReadOnlySpan<float> unitQuery, ref TopK top)
    {
        var dimension = unitQuery.Length;
        for (var row = 0; row < inverseNorms.Length; row++)
        {
            top.Offer(row, TensorPrimitives.Dot(vectors.Slice(row * dimension, dimension), unitQuery) * inverseNorms[row]);
        }
    }

    /// <summary>The inverse norms of the rows, for <see cref="Scan"/>.</summary>
    public ReadOnlySpan<float> InverseNorms => _inverseNorms.AsSpan(0, Count);

    /// <summary>A copy of the stored embedding at <paramref name="row"/> (callers may change it freely).</summary>
    public Embedding EmbeddingAt(int row) => new()
    {
        Id = _ids[row],
        Vector = _vectors.AsSpan(row * Dimension, Dimension).ToArray(),
        Metadata = _metadata[row]?.DeepClone().AsObject(),
        Content = _contents[row],
    };

    private void EnsureCapacity(int rows)
    {
        if (rows <= _ids.Length)
        {
            return;
        }
        var capacity = Math.Max(rows, _ids.Length * 2);
        Array.Resize(ref _vectors, checked(capacity * Dimension));
        Array.Resize(ref _inverseNorms, capacity);
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _metadata, capacity);
        Array.Resize(ref _contents, capacity);
    }
}
