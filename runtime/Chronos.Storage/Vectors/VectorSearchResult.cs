namespace Chronos.Storage.Vectors;

/// <summary>One search hit.</summary>
/// <param name="Embedding">The stored embedding (id, vector, metadata, content).</param>
/// <param name="Score">Cosine similarity to the query, from -1 to 1; higher is more similar.</param>
public sealed record VectorSearchResult(Embedding Embedding, float Score);
