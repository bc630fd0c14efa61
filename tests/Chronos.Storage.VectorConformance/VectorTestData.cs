using System.Text.Json.Nodes;
using Chronos.Storage.Vectors;

namespace Chronos.Storage.VectorConformance;

/// <summary>Deterministic vectors and the reference cosine similarity the suite compares every store against.</summary>
public static class VectorTestData
{
    /// <summary>A vector of <paramref name="dimension"/> components in -1..1 from a seeded generator.</summary>
    public static float[] RandomVector(Random random, int dimension)
    {
        var vector = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            vector[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return vector;
    }

    /// <summary>Cosine similarity computed in double precision with a plain loop: the reference.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return dot / (Math.Sqrt(na) * Math.Sqrt(nb));
    }

    /// <summary>An embedding with a random vector, metadata <c>{"n": index, "group": index % 3, "even": ...}</c>.</summary>
    public static Embedding Make(Random random, int dimension, int index, string? id = null) => new()
    {
        Id = id ?? $"doc-{index}",
        Vector = RandomVector(random, dimension),
        Metadata = new JsonObject
        {
            ["n"] = index,
            ["group"] = $"g{index % 3}",
            ["even"] = index % 2 == 0,
        },
        Content = $"content of document {index}",
    };
}
