using Chronos.Storage.Providers;
using System.Text.Json.Nodes;

namespace Chronos.Storage.Vectors;

/// <summary>Narrows a search.</summary>
public sealed record VectorSearchOptions
{
    /// <summary>
    /// Keep only embeddings whose metadata has each of these keys equal to the given string, number or boolean
    /// (numbers compare by value, so 2 equals 2.0). Keys must be identifiers (<see cref="VectorGuard.IsFilterableKey"/>).
    /// </summary>
    public IReadOnlyDictionary<string, JsonValue>? MetadataEquals { get; init; }

    /// <summary>
    /// Keep only embeddings whose metadata satisfies this filter (combined with <see cref="MetadataEquals"/> by AND).
    /// Equalities joined by AND run on every backend; a backend that cannot run the rest refuses the search with
    /// <see cref="VectorCapabilityNotSupportedException"/> before any request.
    /// </summary>
    public VectorFilter? Filter { get; init; }

    /// <summary>Keep only results whose cosine similarity is at least this (-1 to 1), or null for no minimum.</summary>
    public float? MinScore { get; init; }
}
