using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Chronos.Storage.Sqlite.Vectors;
using Chronos.Storage.Vectors;
using Chronos.VectorData;
using Microsoft.Extensions.VectorData;

namespace Chronos.Benchmarks.VectorData;

/// <summary>A record as an MEVD user writes it; its mapping is generated at compile time (no reflection).</summary>
public sealed class BenchDoc
{
    /// <summary>Vector length of the benchmark records.</summary>
    public const int Dimensions = 128;

    [VectorStoreKey]
    public string Id { get; set; } = "";

    [VectorStoreData]
    public string Group { get; set; } = "";

    [VectorStoreData]
    public int N { get; set; }

    [VectorStoreVector(Dimensions)]
    public ReadOnlyMemory<float> Vector { get; set; }
}

/// <summary>
/// The overhead of the MEVD layer (<c>Chronos.VectorData</c>): its collection over the embedded SQLite vector store
/// against the direct Chronos <see cref="IVectorStore"/> API (the baseline, <c>_HandWritten</c>) on the same store and
/// data, in the same run. <c>Setup</c>/<c>Cleanup</c> and the method names also serve <c>--interleave</c> and <c>--allocs</c>.
/// The baseline does the glue a user would write by hand (record -> <see cref="Embedding"/> and back), so the ratio is
/// what the generated mapping, the MEVD checks and the async enumerables cost beyond it.
/// </summary>
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class VectorDataBenchmarks
{
    private const string Collection = "docs";
    private const int Stored = 2000;
    private const int Batch = 100;

    private SqliteVectorStore _store = null!;
    private ChronosVectorStoreCollection<string, BenchDoc> _collection = null!;
    private BenchDoc[] _batch = [];
    private float[] _query = [];
    private string _key = "";

    [GlobalSetup]
    public async Task Setup()
    {
        _store = SqliteVectorStore.InMemory();
        var random = new Random(18);
        BenchDoc Doc(int i) => new()
        {
            Id = $"doc-{i:D5}", Group = "g" + (i % 7), N = i,
            Vector = Enumerable.Range(0, BenchDoc.Dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray(),
        };
        var stored = Enumerable.Range(0, Stored).Select(Doc).ToArray();
        // One collection for both contenders: the same data layout, so only the code paths differ (the upserts
        // replace the same 100 records with the same values, whoever runs them).
        _collection = new ChronosVectorStore(_store).GetCollection(Collection, BenchDocVectorRecordMapping.Instance);
        await _collection.EnsureCollectionExistsAsync();
        await _collection.UpsertAsync(stored);
        _batch = stored.Take(Batch).ToArray();
        _query = stored[Stored / 2].Vector.ToArray();
        _key = stored[Stored / 3].Id;
        // The hand-written glue must read what the generated mapping wrote, or the comparison is void.
        var (byHand, byMevd) = (await GetByKey_HandWritten(), await GetByKey_Mevd());
        if (byHand is null || byMevd is null || (byHand.Group, byHand.N, byHand.Vector.Length) != (byMevd.Group, byMevd.N, byMevd.Vector.Length)
            || await SearchTop10_HandWritten() != await SearchTop10_Mevd())
        {
            throw new InvalidOperationException("the hand-written baseline and the MEVD collection disagree on the stored records");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _store.DisposeAsync();

    [Benchmark(Baseline = true), BenchmarkCategory("UpsertBatch100")]
    public Task UpsertBatch100_HandWritten() => _store.UpsertAsync(Collection, _batch.Select(ToEmbedding).ToArray());

    [Benchmark, BenchmarkCategory("UpsertBatch100")]
    public Task UpsertBatch100_Mevd() => _collection.UpsertAsync(_batch);

    [Benchmark(Baseline = true), BenchmarkCategory("GetByKey")]
    public async Task<BenchDoc?> GetByKey_HandWritten()
    {
        var found = await _store.GetAsync(Collection, [_key]);
        return found.Count == 0 ? null : FromEmbedding(found[0]);
    }

    [Benchmark, BenchmarkCategory("GetByKey")]
    public Task<BenchDoc?> GetByKey_Mevd() => _collection.GetAsync(_key, new RecordRetrievalOptions { IncludeVectors = true });

    [Benchmark(Baseline = true), BenchmarkCategory("SearchTop10")]
    public async Task<int> SearchTop10_HandWritten()
    {
        var hits = await _store.SearchAsync(Collection, _query, 10);
        var docs = new List<(BenchDoc, double)>(hits.Count);
        foreach (var hit in hits)
        {
            docs.Add((FromEmbedding(hit.Embedding), hit.Score));
        }
        return docs.Count;
    }

    [Benchmark, BenchmarkCategory("SearchTop10")]
    public async Task<int> SearchTop10_Mevd()
    {
        var docs = new List<(BenchDoc, double?)>(10);
        await foreach (var hit in _collection.SearchAsync(_query, 10))
        {
            docs.Add((hit.Record, hit.Score));
        }
        return docs.Count;
    }

    // The hand-written glue of the baseline: what a user of IVectorStore writes instead of the generated mapping.
    private static Embedding ToEmbedding(BenchDoc doc) => new()
    {
        Id = doc.Id, Vector = doc.Vector, Metadata = new JsonObject { ["Group"] = doc.Group, ["N"] = doc.N },
    };

    private static BenchDoc FromEmbedding(Embedding embedding) => new()
    {
        Id = embedding.Id,
        Group = embedding.Metadata?["Group"]?.GetValue<string>() ?? "",
        N = embedding.Metadata?["N"]?.GetValue<int>() ?? 0,
        Vector = embedding.Vector,
    };
}
