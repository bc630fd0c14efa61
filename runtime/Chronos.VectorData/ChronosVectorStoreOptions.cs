using Microsoft.Extensions.AI;

namespace Chronos.VectorData;

/// <summary>Options of <see cref="ChronosVectorStore"/> and its collections.</summary>
public sealed class ChronosVectorStoreOptions
{
    /// <summary>
    /// Turns text into vectors for vector properties of type <see cref="string"/> and for searches with a string, when
    /// neither the vector property nor the collection definition names a generator. Must be an
    /// <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>.
    /// </summary>
    public IEmbeddingGenerator? EmbeddingGenerator { get; init; }

    /// <summary>Name reported as <c>VectorStoreName</c> in metadata and errors (for example the database or index), or null.</summary>
    public string? StoreName { get; init; }
}
