using System.Text.Json.Nodes;
using Chronos.Storage.Vectors;

namespace Chronos.Storage.Milvus;

/// <summary>
/// Chronos's filters as a Milvus boolean expression over the JSON field with placeholders (Milvus docs, "Filtering":
/// comparison operators, <c>in</c>, <c>json_contains</c>, <c>&amp;&amp;</c> / <c>||</c> / <c>not</c>; "Filter
/// templating": <c>{name}</c> placeholders filled from <c>exprParams</c>), e.g.
/// <c>metadata["group"] == {p0} &amp;&amp; metadata["n"] &gt; {p1}</c>. Keys are identifiers (checked by VectorGuard),
/// so they are safe inside the expression; values never enter its text.
/// <para><c>!=</c> is written <c>not (a == b)</c>: a comparison on a missing JSON key is false in Milvus, and Chronos
/// counts a missing key as different from any value. A comparison with null is refused (a missing key and a JSON null
/// are not told apart by an expression on the JSON field).</para>
/// </summary>
internal static class MilvusFilter
{
    /// <summary>The expression and its parameters for the equalities and the filter tree (both required), or the first construct Milvus cannot express.</summary>
    public static (string? Expression, JsonObject? Parameters, VectorFilter? Unsupported) Build(IReadOnlyDictionary<string, JsonValue>? equals, VectorFilter? tree)
    {
        var clauses = new List<string>();
        var parameters = new JsonObject();
        foreach (var (key, value) in (equals ?? new Dictionary<string, JsonValue>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            clauses.Add($"{Field(key)} == {Parameter(parameters, value.DeepClone())}");
        }
        VectorFilter? unsupported = null;
        if (tree is not null)
        {
            clauses.Add(Text(tree, parameters, ref unsupported));
        }
        return clauses.Count == 0 || unsupported is not null
            ? (null, null, unsupported)
            : (string.Join(" && ", clauses), parameters, null);
    }

    private static string Text(VectorFilter filter, JsonObject parameters, ref VectorFilter? unsupported)
    {
        switch (filter)
        {
            case VectorFilterAnd and:
                return $"({Text(and.Left, parameters, ref unsupported)} && {Text(and.Right, parameters, ref unsupported)})";
            case VectorFilterOr or:
                return $"({Text(or.Left, parameters, ref unsupported)} || {Text(or.Right, parameters, ref unsupported)})";
            case VectorFilterNot not:
                return $"not ({Text(not.Operand, parameters, ref unsupported)})";
            case VectorFilterContains contains:
                return $"json_contains({Field(contains.Key)}, {Parameter(parameters, contains.Value.DeepClone())})";
            case VectorFilterIn @in:
                return $"{Field(@in.Key)} in {Parameter(parameters, new JsonArray(@in.Values.Select(v => (JsonNode)v.DeepClone()).ToArray()))}";
            case VectorFilterComparison { Value: null }:
                unsupported ??= filter;
                return "";
            case VectorFilterComparison { Operator: VectorFilterOperator.NotEqual } notEqual:
                return $"not ({Field(notEqual.Key)} == {Parameter(parameters, notEqual.Value!.DeepClone())})";
            case VectorFilterComparison comparison:
                var op = comparison.Operator switch
                {
                    VectorFilterOperator.Equal => "==",
                    VectorFilterOperator.LessThan => "<",
                    VectorFilterOperator.LessThanOrEqual => "<=",
                    VectorFilterOperator.GreaterThan => ">",
                    _ => ">=",
                };
                return $"{Field(comparison.Key)} {op} {Parameter(parameters, comparison.Value!.DeepClone())}";
            default:
                unsupported ??= filter;
                return "";
        }
    }

    private static string Field(string key) => $"metadata[\"{key}\"]";

    private static string Parameter(JsonObject parameters, JsonNode value)
    {
        var name = $"p{parameters.Count}";
        parameters[name] = value;
        return $"{{{name}}}";
    }
}
