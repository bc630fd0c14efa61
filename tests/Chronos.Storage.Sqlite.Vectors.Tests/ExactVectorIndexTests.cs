using Chronos.Storage.VectorConformance;
using Xunit;

namespace Chronos.Storage.Sqlite.Vectors.Tests;

/// <summary>The in-memory kernel against a brute-force reference, including after removals that move rows.</summary>
public sealed class ExactVectorIndexTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 7)]
    [InlineData(1000, 10)]
    [InlineData(300, 300)]
    public void Search_matches_a_sorted_brute_force_scan(int rows, int k)
    {
        var random = new Random(rows * 31 + k);
        const int dimension = 37;
        var index = new ExactVectorIndex(dimension, capacity: 2);
        var vectors = new Dictionary<string, float[]>();
        for (var i = 0; i < rows; i++)
        {
            var v = VectorTestData.RandomVector(random, dimension);
            vectors[$"r{i}"] = v;
            index.Upsert($"r{i}", v, null, "");
        }
        // Remove a third of them (rows move), then overwrite some.
        foreach (var id in vectors.Keys.Where((_, i) => i % 3 == 0).ToArray())
        {
            index.Remove(id);
            vectors.Remove(id);
        }
        foreach (var id in vectors.Keys.Where((_, i) => i % 5 == 0).ToArray())
        {
            vectors[id] = VectorTestData.RandomVector(random, dimension);
            index.Upsert(id, vectors[id], null, "");
        }
        var query = VectorTestData.RandomVector(random, dimension);

        var hits = index.Search(query, k, float.NegativeInfinity, null);

        var expected = vectors.Select(p => (Id: p.Key, Score: VectorTestData.Cosine(query, p.Value))).OrderByDescending(x => x.Score).Take(k).ToArray();
        Assert.Equal(vectors.Count, index.Count);
        Assert.Equal(expected.Select(e => e.Id), hits.Select(h => h.Embedding.Id));
        for (var i = 0; i < hits.Count; i++)
        {
            Assert.Equal(expected[i].Score, hits[i].Score, 4);
            Assert.Equal(vectors[hits[i].Embedding.Id], hits[i].Embedding.Vector.ToArray());
        }
    }

    [Fact]
    public void TopK_keeps_the_highest_scores_in_descending_order_and_applies_the_minimum()
    {
        var top = new TopK(3, minScore: 0.2f);
        float[] scores = [0.1f, 0.9f, 0.5f, 0.3f, 0.95f, 0.2f, -1f, 0.6f];
        for (var i = 0; i < scores.Length; i++)
        {
            top.Offer(i, scores[i]);
        }
        Assert.Equal([(4, 0.95f), (1, 0.9f), (7, 0.6f)], top.Drain());

        var few = new TopK(5, minScore: 0.8f);
        for (var i = 0; i < scores.Length; i++)
        {
            few.Offer(i, scores[i]);
        }
        Assert.Equal([(4, 0.95f), (1, 0.9f)], few.Drain());
    }
}
