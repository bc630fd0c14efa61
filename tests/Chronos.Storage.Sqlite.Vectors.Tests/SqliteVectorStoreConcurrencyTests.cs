using Chronos.Storage.VectorConformance;
using Xunit;

namespace Chronos.Storage.Sqlite.Vectors.Tests;

/// <summary>Searches run while other tasks upsert and delete: no torn reads, nothing lost.</summary>
public sealed class SqliteVectorStoreConcurrencyTests
{
    [Fact]
    public async Task Concurrent_writers_and_readers_leave_exactly_the_written_embeddings()
    {
        await using var store = SqliteVectorStore.InMemory();
        await store.CreateCollectionAsync("kb", 16);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var batch = 0; batch < 20; batch++)
            {
                var docs = Enumerable.Range(0, 10).Select(i => VectorTestData.Make(random, 16, i, $"w{w}-b{batch}-{i}")).ToArray();
                await store.UpsertAsync("kb", docs);
                await store.DeleteAsync("kb", [docs[0].Id]);
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
        {
            var random = new Random(100 + r);
            for (var i = 0; i < 50; i++)
            {
                var hits = await store.SearchAsync("kb", VectorTestData.RandomVector(random, 16), 20);
                Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
                Assert.All(hits, h => Assert.Equal(16, h.Embedding.Vector.Length));
            }
        }));

        await Task.WhenAll(writers.Concat(readers));

        var all = await store.SearchAsync("kb", VectorTestData.RandomVector(new Random(7), 16), 1000);
        Assert.Equal(4 * 20 * 9, all.Count);
        Assert.DoesNotContain(all, h => h.Embedding.Id.EndsWith("-0", StringComparison.Ordinal));
    }
}
