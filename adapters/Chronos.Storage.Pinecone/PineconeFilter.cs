using System.Text.Json.Nodes;

namespace Chronos.Storage.Pinecone;

/// <summary>Pinecone's metadata filter language for an equality filter.</summary>
internal static class PineconeFilter
{
    /// <summary><c>{"k": {"$eq": v}}</c>, or <c>{"$and": [...]}</c> for several keys; null without a filter.</summary>
    public static JsonObject? Build(IReadOnlyDictionary<string, JsonValue>? equals)
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
