using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Chronos.Storage.Sqlite.Vectors;
using Chronos.Storage.Vectors;

namespace Chronos.Benchmarks.Vectors;

/// <summary>
/// Top-10 by cosine over 100,000 vectors of 384 dimensions (153.6 MB of float32, far beyond any cache), compared with
/// the memory-bandwidth bound measured on the same buffer in the same run: a SIMD sum reads every byte once and does
/// the least possible arithmetic, so no scan of that buffer can be faster.
/// </summary>
[MemoryDiagnoser]
public class ExactSearchBenchmarks
{
    /// <summary>Vectors in the collection.</summary>
    public const int Rows = 100_000;

    /// <summary>Components per vector.</summary>
    public const int Dimension = 384;

    /// <summary>Results per search.</summary>
    public const int K = 10;

    private ExactVectorIndex _index = null!;
    private SqliteVectorStore _store = null!;
    private float[] _query = null!;
    private float[] _unitQuery = null!;

    /// <summary>Bytes one search reads: the vectors plus their inverse norms.</summary>
    public static long BytesScanned => (long)Rows * Dimension * sizeof(float) + (long)Rows * sizeof(float);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _index = new ExactVectorIndex(Dimension, Rows);
        var vector = new float[Dimension];
        var batch = new List<Embedding>(Rows);
        for (var row = 0; row < Rows; row++)
        {
            for (var i = 0; i < Dimension; i++)
            {
                vector[i] = (float)(random.NextDouble() * 2 - 1);
            }
            _index.Upsert($"doc-{row}", vector, null, "");
            batch.Add(new Embedding { Id = $"doc-{row}", Vector = vector.ToArray() });
        }
        _query = new float[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            _query[i] = (float)(random.NextDouble() * 2 - 1);
        }
        _unitQuery = new float[Dimension];
        TensorPrimitives.Divide(_query, TensorPrimitives.Norm(_query), _unitQuery);

        _store = SqliteVectorStore.InMemory();
        _store.CreateCollectionAsync("bench", Dimension).GetAwaiter().GetResult();
        _store.UpsertAsync("bench", batch).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The bound: a SIMD sum over the same bytes a search reads (each byte once).</summary>
    [Benchmark(Baseline = true, Description = "bound: SIMD sum over the buffer")]
    public float BandwidthBound() => BandwidthProbe.Sum(_index.Vectors) + BandwidthProbe.Sum(_index.InverseNorms);

    /// <summary>The search kernel alone: SIMD dot per row + top-k heap.</summary>
    [Benchmark(Description = "exact top-10, SIMD kernel")]
    public int SimdKernel()
    {
        var top = new TopK(K, float.NegativeInfinity);
        ExactVectorIndex.Scan(_index.Vectors, _index.InverseNorms, _unitQuery, ref top);
        return top.Drain()[0].Row;
    }

    /// <summary>The same search with a naive scalar loop, for comparison.</summary>
    [Benchmark(Description = "exact top-10, naive scalar loop")]
    public int NaiveScalar()
    {
        var vectors = _index.Vectors;
        var inverseNorms = _index.InverseNorms;
        var top = new TopK(K, float.NegativeInfinity);
        for (var row = 0; row < Rows; row++)
        {
            var dot = 0f;
            var offset = row * Dimension;
            for (var i = 0; i < Dimension; i++)
            {
                dot += vectors[offset + i] * _unitQuery[i];
            }
            top.Offer(row, dot * inverseNorms[row]);
        }
        return top.Drain()[0].Row;
    }

    /// <summary>End to end through the public API: validation, the kernel, copying the 10 embeddings out.</summary>
    [Benchmark(Description = "SqliteVectorStore.SearchAsync top-10")]
    public int StoreSearch() => _store.SearchAsync("bench", _query, K).GetAwaiter().GetResult().Count;
}
