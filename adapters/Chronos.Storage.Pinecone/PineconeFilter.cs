using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Vectors;

namespace Chronos.Storage.Pinecone;

/// <summary>
/// Chronos's filters in Pinecone's metadata filter language (Pinecone docs, "Filter by metadata": <c>$eq</c>,
/// <c>$ne</c>, <c>$gt</c>, <c>$gte</c>, <c>$lt</c>, <c>$lte</c>, <c>$in</c>, <c>$nin</c>, <c>$exists</c>, <c>$and</c>,
/// <c>$or</c>). Pinecone has no <c>$not</c>, so a negation is pushed down to the leaves (De Morgan; <c>!=</c> ↔
/// <c>$eq</c>, <c>in</c> ↔ <c>$nin</c>, a list holding a value ↔ <c>$nin</c> of it); a negated order comparison has no
/// Pinecone form (it would also have to match a missing key) and is refused. Metadata lists hold strings only, so
/// <c>Contains</c> of a number or boolean is refused.
/// </summary>
internal static class PineconeFilter
{
    /// <summary>The filter for the equalities and the tree (both required), or the first construct Pinecone cannot express and why.</summary>
    public static (JsonObject? Filter, VectorFilter? Unsupported, string? Why) Build(IReadOnlyDictionary<string, JsonValue>? equals, VectorFilter? tree)
    {
        var clauses = (equals ?? new Dictionary<string, JsonValue>()).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => Leaf(p.Key, "$eq", p.Value.DeepClone()))
            .ToList();
        if (tree is not null)
        {
            var (node, unsupported, why) = Translate(tree, negated: false);
            if (unsupported is not null)
            {
                return (null, unsupported, why);
            }
            clauses.Add(node!);
        }
        return clauses.Count switch
        {
            0 => (null, null, null),
            1 => (clauses[0], null, null),
            _ => (new JsonObject { ["$and"] = new JsonArray(clauses.ToArray<JsonNode>()) }, null, null),
        };
    }

    private static (JsonObject? Node, VectorFilter? Unsupported, string? Why) Translate(VectorFilter filter, bool negated)
    {
        switch (filter)
        {
            case VectorFilterNot not:
                return Translate(not.Operand, !negated);
            case VectorFilterAnd and:
                return Combine(negated ? "$or" : "$and", and.Left, and.Right, negated);
            case VectorFilterOr or:
                return Combine(negated ? "$and" : "$or", or.Left, or.Right, negated);
            case VectorFilterContains contains when contains.Value.GetValueKind() != JsonValueKind.String:
                return (null, filter, "Pinecone metadata lists hold strings only");
            case VectorFilterContains contains:
                return (Leaf(contains.Key, negated ? "$nin" : "$in", new JsonArray(contains.Value.DeepClone())), null, null);
            case VectorFilterIn @in:
                return (Leaf(@in.Key, negated ? "$nin" : "$in", new JsonArray(@in.Values.Select(v => (JsonNode)v.DeepClone()).ToArray())), null, null);
            case VectorFilterComparison { Value: null } missing:
                var exists = (missing.Operator == VectorFilterOperator.NotEqual) != negated;
                return (Leaf(missing.Key, "$exists", JsonValue.Create(exists)), null, null);
            case VectorFilterComparison { Operator: VectorFilterOperator.Equal or VectorFilterOperator.NotEqual } equality:
                var equal = (equality.Operator == VectorFilterOperator.Equal) != negated;
                return (Leaf(equality.Key, equal ? "$eq" : "$ne", equality.Value!.DeepClone()), null, null);
            case VectorFilterComparison when negated:
                return (null, filter, "Pinecone has no $not, and the negation of an order comparison must also match a missing key");
            case VectorFilterComparison comparison:
                var op = comparison.Operator switch
                {
                    VectorFilterOperator.LessThan => "$lt",
                    VectorFilterOperator.LessThanOrEqual => "$lte",
                    VectorFilterOperator.GreaterThan => "$gt",
                    _ => "$gte",
                };
                return (Leaf(comparison.Key, op, comparison.Value!.DeepClone()), null, null);
            default:
                return (null, filter, "unknown filter node");
        }
    }

    private static (JsonObject?, VectorFilter?, string?) Combine(string op, VectorFilter left, VectorFilter right, bool negated)
    {
        var first = Translate(left, negated);
        if (first.Unsupported is not null)
        {
            return first;
        }
        var second = Translate(right, negated);
        if (second.Unsupported is not null)
        {
            return second;
        }
        return (new JsonObject { [op] = new JsonArray(first.Node, second.Node) }, null, null);
    }

    private static JsonObject Leaf(string key, string op, JsonNode value) => new() { [key] = new JsonObject { [op] = value } };
}
