using Microsoft.Extensions.AI;

namespace Chronos.VectorData.Tests;

/// <summary>
/// A deterministic local embedding (no model): counts of the letters a..x, so texts sharing letters are similar.
/// Counts how many texts it embedded, so tests can see that searches and upserts went through it.
/// </summary>
public sealed class TestEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public int Embedded { get; private set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var text in values)
        {
            var vector = new float[Hotel.Dimensions];
            foreach (var c in text.ToLowerInvariant())
            {
                if (c is >= 'a' and <= 'x') vector[c - 'a'] += 1;
            }
            vector[^1] += 0.01f; // never all zero
            result.Add(new Embedding<float>(vector));
            Embedded++;
        }
        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
