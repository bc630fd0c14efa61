using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using Qdrant.Client.Grpc;

namespace Chronos.Storage.Qdrant;

/// <summary>
/// Chronos's <see cref="VectorFilter"/> as a Qdrant <see cref="Filter"/> (Qdrant API reference, "Filtering": clauses
/// <c>must</c> / <c>should</c> / <c>must_not</c>, conditions <c>match</c>, <c>range</c>, <c>is_empty</c>, nested
/// filters). Strings match as keywords, booleans by value, numbers by a closed range (so 2 equals 2.0 whatever type the
/// payload holds); a match on an array field holds when any item matches, which is what <c>Contains</c> asks. Every
/// construct of the subset has a Qdrant form, so nothing is refused here.
/// </summary>
internal static class QdrantFilter
{
    /// <summary>All keys must hold the value (the equality filter every backend runs).</summary>
    public static Filter? FromEqualities(IReadOnlyDictionary<string, JsonValue>? equals)
    {
        if (equals is null || equals.Count == 0)
        {
            return null;
        }
        var filter = new Filter();
        foreach (var (key, value) in equals.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            filter.Must.Add(EqualTo(key, value));
        }
        return filter;
    }

    /// <summary>The search filter: the equalities and the filter tree, both required.</summary>
    public static Filter? From(IReadOnlyDictionary<string, JsonValue>? equals, VectorFilter? tree)
    {
        var filter = FromEqualities(equals);
        if (tree is null)
        {
            return filter;
        }
        filter ??= new Filter();
        Add(filter, tree);
        return filter;
    }

    // An AND adds both sides to the same must list, so a && b && c stays one flat clause.
    private static void Add(Filter into, VectorFilter tree)
    {
        if (tree is VectorFilterAnd and)
        {
            Add(into, and.Left);
            Add(into, and.Right);
            return;
        }
        into.Must.Add(Condition(tree));
    }

    private static Condition Condition(VectorFilter tree) => tree switch
    {
        VectorFilterAnd and => Nested(f => { Add(f, and.Left); Add(f, and.Right); }),
        VectorFilterOr or => Nested(f => { f.Should.Add(Condition(or.Left)); f.Should.Add(Condition(or.Right)); }),
        VectorFilterNot not => Nested(f => f.MustNot.Add(Condition(not.Operand))),
        VectorFilterContains contains => EqualTo(contains.Key, contains.Value),
        // Qdrant ignores an empty should; nothing is in an empty list, so: a contradiction.
        VectorFilterIn { Values.Count: 0 } none => Nested(f => { f.Must.Add(Conditions.IsEmpty(none.Key)); f.MustNot.Add(Conditions.IsEmpty(none.Key)); }),
        VectorFilterIn @in => Nested(f => f.Should.AddRange(@in.Values.Select(v => EqualTo(@in.Key, v)))),
        VectorFilterComparison { Operator: VectorFilterOperator.Equal, Value: null } c => Conditions.IsEmpty(c.Key),
        VectorFilterComparison { Operator: VectorFilterOperator.NotEqual, Value: null } c => Nested(f => f.MustNot.Add(Conditions.IsEmpty(c.Key))),
        VectorFilterComparison { Operator: VectorFilterOperator.Equal } c => EqualTo(c.Key, c.Value!),
        VectorFilterComparison { Operator: VectorFilterOperator.NotEqual } c => Nested(f => f.MustNot.Add(EqualTo(c.Key, c.Value!))),
        VectorFilterComparison c => Conditions.Range(c.Key, Range(c.Operator, MetadataFilter.ToDouble(c.Value!))),
        _ => throw new InvalidOperationException($"Unknown filter node {tree.GetType().Name}."),
    };

    private static Condition Nested(Action<Filter> build)
    {
        var filter = new Filter();
        build(filter);
        return Conditions.Filter(filter);
    }

    private static Condition EqualTo(string key, JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => Conditions.MatchKeyword(key, value.GetValue<string>()),
        JsonValueKind.True => Conditions.Match(key, true),
        JsonValueKind.False => Conditions.Match(key, false),
        _ => Conditions.Range(key, new global::Qdrant.Client.Grpc.Range { Gte = MetadataFilter.ToDouble(value), Lte = MetadataFilter.ToDouble(value) }),
    };

    private static global::Qdrant.Client.Grpc.Range Range(VectorFilterOperator op, double bound) => op switch
    {
        VectorFilterOperator.LessThan => new() { Lt = bound },
        VectorFilterOperator.LessThanOrEqual => new() { Lte = bound },
        VectorFilterOperator.GreaterThan => new() { Gt = bound },
        _ => new() { Gte = bound },
    };
}
