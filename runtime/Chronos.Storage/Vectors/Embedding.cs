using Chronos.Storage.Providers;
using System.Text.Json.Nodes;

namespace Chronos.Storage.Vectors;

/// <summary>A vector with its id, metadata and source text.</summary>
public sealed record Embedding
{
    /// <summary>Unique id within the collection: any non-empty text of at most <see cref="VectorGuard.MaxIdBytes"/> UTF-8 bytes.</summary>
    public required string Id { get; init; }

    /// <summary>The vector. Any non-zero length is accepted; cosine similarity ignores it.</summary>
    public required ReadOnlyMemory<float> Vector { get; init; }

    /// <summary>
    /// Metadata (any JSON). Keys that are identifiers (<see cref="VectorGuard.IsFilterableKey"/>) with string, number or
    /// boolean values can be used in <see cref="VectorSearchOptions.MetadataEquals"/>.
    /// </summary>
    public JsonObject? Metadata { get; init; }

    /// <summary>The text the vector was computed from, or empty.</summary>
    public string Content { get; init; } = "";
}
