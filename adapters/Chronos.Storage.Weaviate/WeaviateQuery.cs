using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Weaviate;

/// <summary>
/// The <c>nearVector</c> GraphQL query. Its text holds only identifiers (the class name and filter keys, both checked
/// by VectorGuard to be <c>[A-Za-z_][A-Za-z0-9_]*</c>); every value (the vector, the limit, the filter values) is a
/// GraphQL variable, so no value is ever formatted into the query.
/// </summary>
internal static class WeaviateQuery
{
    public static readonly string[] Fields = [WeaviateStore.IdProperty, FlatMetadata.ContentKey, FlatMetadata.MetadataKey];

    public static WeaviateGraphQLRequest NearVector(string className, ReadOnlyMemory<float> query, int topK, IReadOnlyDictionary<string, JsonValue>? equals)
    {
        var declarations = new StringBuilder("$vector: [Float], $limit: Int");
        var variables = new JsonObject
        {
            ["vector"] = new JsonArray(query.ToArray().Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
            ["limit"] = topK,
        };
        var where = "";
        if (equals is { Count: > 0 })
        {
            var operands = new List<string>();
            foreach (var (key, value) in equals.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var name = $"v{operands.Count}";
                var (field, type) = value.GetValueKind() switch
                {
                    JsonValueKind.String => ("valueText", "String"),
                    JsonValueKind.True or JsonValueKind.False => ("valueBoolean", "Boolean"),
                    _ => ("valueNumber", "Float"),
                };
                declarations.Append($", ${name}: {type}");
                variables[name] = value.DeepClone();
                operands.Add($"{{path: [\"{key}\"], operator: Equal, {field}: ${name}}}");
            }
            where = $", where: {{operator: And, operands: [{string.Join(", ", operands)}]}}";
        }
        var text = $"query Search({declarations}) {{ Get {{ {className}(nearVector: {{vector: $vector}}, limit: $limit{where}) " +
                   $"{{ {string.Join(" ", Fields)} _additional {{ id distance vector }} }} }} }}";
        return new WeaviateGraphQLRequest(text, variables);
    }
}
