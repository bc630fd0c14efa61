using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Vectors;

namespace Chronos.Storage.Pinecone;

/// <summary>
/// Pinecone metadata is flat (strings, numbers, booleans, lists of strings). The embedding's metadata is kept whole as
/// JSON text under <c>chronos_metadata</c>, its content under <c>chronos_content</c>, and its top-level string, number
/// and boolean values are copied beside them so that filters can use them.
/// </summary>
internal static class PineconeMetadata
{
    public const string MetadataKey = VectorGuard.ReservedMetadataPrefix + "metadata";
    public const string ContentKey = VectorGuard.ReservedMetadataPrefix + "content";

    public static JsonObject ToPinecone(Embedding embedding)
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
            }
        }
        return flat;
    }

    public static (JsonObject? Metadata, string Content) FromPinecone(JsonObject? flat)
    {
        if (flat is null)
        {
            return (null, "");
        }
        var content = flat[ContentKey]?.GetValue<string>() ?? "";
        var metadata = flat[MetadataKey]?.GetValue<string>() is { } json ? JsonNode.Parse(json)?.AsObject() : null;
        return (metadata, content);
    }

    /// <summary><c>{"k": {"$eq": v}}</c>, or <c>{"$and": [...]}</c> for several keys; null without a filter.</summary>
    public static JsonObject? Filter(IReadOnlyDictionary<string, JsonValue>? equals)
    {
        if (equals is null || equals.Count == 0)
        {
            return null;
        }
        var clauses = equals.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (JsonNode)new JsonObject { [p.Key] = new JsonObject { ["$eq"] = p.Value.DeepClone() } })
            .ToArray();
        return clauses.Length == 1 ? clauses[0].AsObject() : new JsonObject { ["$and"] = new JsonArray(clauses) };
    }
}
