using Chronos.Storage.Vectors;
using System.Text.Json;
using System.Text.Json.Nodes;
namespace Chronos.Storage.Providers;

/// <summary>
/// Metadata for services whose payloads are flat or typed (Pinecone: strings, numbers, booleans; Qdrant payload
/// values). The embedding's metadata is kept whole as JSON text under <c>chronos_metadata</c> (so any JSON
/// round-trips exactly), its content under <c>chronos_content</c>, and its top-level string, number and boolean values
/// are copied beside them under their own keys so that the service can filter on them.
/// </summary>
public static class FlatMetadata
{
    /// <summary>Key of the whole metadata, as JSON text.</summary>
    public const string MetadataKey = VectorGuard.ReservedMetadataPrefix + "metadata";
    /// <summary>Key of the content.</summary>
    public const string ContentKey = VectorGuard.ReservedMetadataPrefix + "content";

    /// <summary>The flat form of an embedding's metadata and content.</summary>
    public static JsonObject From(Embedding embedding) => From(embedding, null);

    /// <summary>
    /// The flat form of an embedding's metadata and content, also copying the top-level arrays for which
    /// <paramref name="copyArray"/> is true (so that the service can filter on what an array holds).
    /// </summary>
    /// <param name="embedding">The embedding.</param>
    /// <param name="copyArray">Which arrays the service can store and filter, e.g. <see cref="IsScalarArray"/>; null for none.</param>
    public static JsonObject From(Embedding embedding, Func<JsonArray, bool>? copyArray)
    {
        var flat = new JsonObject { [ContentKey] = embedding.Content };
        if (embedding.Metadata is { } metadata)
        {
            flat[MetadataKey] = metadata.ToJsonString();
            foreach (var (key, value) in metadata)
            {
                if (value is JsonValue scalar && scalar.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                {
                    flat[key] = scalar.DeepClone();
                }
                else if (value is JsonArray array && copyArray is not null && copyArray(array))
                {
                    flat[key] = array.DeepClone();
                }
            }
        }
        return flat;
    }

    /// <summary>The metadata and content back from their flat form (other keys are ignored).</summary>
    public static (JsonObject? Metadata, string Content) Read(JsonObject? flat)
    {
        if (flat is null)
        {
            return (null, "");
        }
        var content = flat[ContentKey]?.GetValue<string>() ?? "";
        var metadata = flat[MetadataKey]?.GetValue<string>() is { } json ? JsonNode.Parse(json)?.AsObject() : null;
        return (metadata, content);
    }

    /// <summary>True when every item of <paramref name="array"/> is a string, number or boolean.</summary>
    public static bool IsScalarArray(JsonArray array) =>
        array.All(static item => item is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False);

    /// <summary>True when every item of <paramref name="array"/> is a string.</summary>
    public static bool IsStringArray(JsonArray array) =>
        array.All(static item => item is JsonValue value && value.GetValueKind() == JsonValueKind.String);
}
