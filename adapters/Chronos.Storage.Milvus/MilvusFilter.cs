using System.Text.Json.Nodes;

namespace Chronos.Storage.Milvus;

/// <summary>
/// Turns a metadata equality filter into a Milvus boolean expression over the JSON field with placeholders,
/// <c>metadata["group"] == {p0} &amp;&amp; metadata["n"] == {p1}</c>, and the values as <c>exprParams</c>. Keys are
/// identifiers (checked by VectorGuard), so they are safe inside the expression; values never enter its text.
/// </summary>
internal static class MilvusFilter
{
    public static (string? Expression, JsonObject? Parameters) Build(IReadOnlyDictionary<string, JsonValue>? equals)
    {
        if (equals is null || equals.Count == 0)
        {
            return (null, null);
        }
        var clauses = new List<string>(equals.Count);
        var parameters = new JsonObject();
        foreach (var (key, value) in equals.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var name = $"p{clauses.Count}";
            clauses.Add($"metadata[\"{key}\"] == {{{name}}}");
            parameters[name] = value.DeepClone();
        }
        return (string.Join(" && ", clauses), parameters);
    }
}
