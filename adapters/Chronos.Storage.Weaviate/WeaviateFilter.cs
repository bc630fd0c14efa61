using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;

namespace Chronos.Storage.Weaviate;

/// <summary>
/// Chronos's filters as a Weaviate GraphQL <c>where</c> argument (Weaviate docs, "GraphQL - Conditional filters":
/// <c>Equal</c>, <c>NotEqual</c>, <c>GreaterThan</c>, <c>GreaterThanEqual</c>, <c>LessThan</c>, <c>LessThanEqual</c>,
/// <c>And</c>, <c>Or</c>, <c>IsNull</c>, <c>ContainsAny</c>).
/// <para>
/// Weaviate's <c>where</c> has no <c>Not</c> (before 1.33), so a negation is pushed down to the leaves (De Morgan;
/// <c>==</c> ↔ <c>NotEqual</c>, <c>&lt;</c> ↔ <c>GreaterThanEqual</c>, ...). A negated leaf must also match objects that
/// lack the property (Chronos's meaning), which Weaviate answers with <c>IsNull</c>, available only when the class
/// indexes its null state (<c>invertedIndexConfig.indexNullState</c>; Chronos sets it on the classes it creates).
/// A negated <c>Contains</c> would need <c>ContainsNone</c> (Weaviate 1.33+) and is refused.
/// </para>
/// <para>
/// Every value needs its type (<c>valueText</c>, <c>valueInt</c>, <c>valueNumber</c>, <c>valueBoolean</c>) and a
/// value of another type than the property's is a GraphQL error, so with the class schema at hand each leaf is typed
/// from the property and a mismatch is refused before the query is sent. A property no object has (auto-schema never
/// created it) is decided here, as Chronos defines it for a missing key: <c>==</c> false, <c>!=</c> true, and so on.
/// Values are written as GraphQL literals (<see cref="Literal(string)"/>): Weaviate's value scalars take lists
/// (<c>ContainsAny</c>) only as literals.
/// </para>
/// </summary>
internal static class WeaviateFilter
{
    /// <summary>The <c>where</c> argument, or that nothing can match, or the first construct Weaviate cannot express and why.</summary>
    internal sealed record Translation(string? Where, bool MatchesNothing, VectorFilter? Unsupported, string? Why);

    /// <summary>
    /// Translates the equalities and the tree (both must hold). With <paramref name="schema"/> null only the structure is
    /// checked (before any request); with the class schema each leaf is typed from its property.
    /// </summary>
    public static Translation Build(IReadOnlyDictionary<string, JsonValue>? equals, VectorFilter? tree, WeaviateClass? schema)
    {
        var filter = tree;
        foreach (var (key, value) in (equals ?? new Dictionary<string, JsonValue>()).OrderByDescending(p => p.Key, StringComparer.Ordinal))
        {
            var equal = new VectorFilterComparison(key, VectorFilterOperator.Equal, value);
            filter = filter is null ? equal : new VectorFilterAnd(equal, filter);
        }
        if (filter is null)
        {
            return new Translation(null, false, null, null);
        }
        try
        {
            return new Context(schema).Translate(filter, negated: false) switch
            {
                Constant { Value: false } => new Translation(null, true, null, null),
                Constant => new Translation(null, false, null, null),
                var node => new Translation(Render(node), false, null, null),
            };
        }
        catch (RefusedException refused)
        {
            return new Translation(null, false, refused.Construct, refused.Why);
        }
    }

    /// <summary>A GraphQL string literal: <c>"</c>, <c>\</c> and control characters escaped, everything else as is.</summary>
    public static string Literal(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                < ' ' => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }
        return text.Append('"').ToString();
    }

    private abstract record Node;

    private sealed record Constant(bool Value) : Node;

    private sealed record Leaf(string Key, string Operator, string ValueField, string Value) : Node;

    private sealed record Combined(string Operator, IReadOnlyList<Node> Operands) : Node;

    // Control flow out of the recursion: the first construct that cannot be expressed ends the translation.
    private sealed class RefusedException(VectorFilter construct, string why) : Exception(why)
    {
        public VectorFilter Construct { get; } = construct;

        public string Why { get; } = why;
    }

    private sealed class Context(WeaviateClass? schema)
    {
        public Node Translate(VectorFilter filter, bool negated) => filter switch
        {
            VectorFilterNot not => Translate(not.Operand, !negated),
            VectorFilterAnd and => Combine(negated ? "Or" : "And", Translate(and.Left, negated), Translate(and.Right, negated)),
            VectorFilterOr or => Combine(negated ? "And" : "Or", Translate(or.Left, negated), Translate(or.Right, negated)),
            VectorFilterIn { Values.Count: 0 } => new Constant(negated),
            VectorFilterIn @in => Translate(@in.Values.Skip(1).Aggregate<JsonValue, VectorFilter>(
                new VectorFilterComparison(@in.Key, VectorFilterOperator.Equal, @in.Values[0]),
                (any, value) => new VectorFilterOr(any, new VectorFilterComparison(@in.Key, VectorFilterOperator.Equal, value))), negated),
            VectorFilterContains contains => Contains(contains, negated),
            VectorFilterComparison { Value: null } missing => IsNull(missing, (missing.Operator == VectorFilterOperator.Equal) != negated),
            VectorFilterComparison { Operator: VectorFilterOperator.Equal or VectorFilterOperator.NotEqual } equality =>
                Equality(equality, (equality.Operator == VectorFilterOperator.Equal) != negated),
            VectorFilterComparison comparison => Order(comparison, negated),
            _ => throw new RefusedException(filter, "unknown filter node"),
        };

        private Node Contains(VectorFilterContains contains, bool negated)
        {
            if (negated)
            {
                throw new RefusedException(contains, "Weaviate's where filter has no Not, and ContainsNone needs Weaviate 1.33 or later");
            }
            if (IsMissing(contains.Key))
            {
                return new Constant(false);
            }
            var (field, literal) = Typed(contains, contains.Key, contains.Value, array: true);
            return new Leaf(contains.Key, "ContainsAny", field, "[" + literal + "]");
        }

        private Node IsNull(VectorFilterComparison comparison, bool isNull)
        {
            if (IsMissing(comparison.Key))
            {
                return new Constant(isNull);
            }
            RequireNullState(comparison);
            return new Leaf(comparison.Key, "IsNull", "valueBoolean", isNull ? "true" : "false");
        }

        private Node Equality(VectorFilterComparison comparison, bool equal)
        {
            if (IsMissing(comparison.Key))
            {
                return new Constant(!equal);
            }
            var (field, literal) = Typed(comparison, comparison.Key, comparison.Value!, array: false);
            if (equal)
            {
                return new Leaf(comparison.Key, "Equal", field, literal);
            }
            return OrMissing(comparison, new Leaf(comparison.Key, "NotEqual", field, literal));
        }

        private Node Order(VectorFilterComparison comparison, bool negated)
        {
            if (comparison.Value!.GetValueKind() != JsonValueKind.Number)
            {
                throw new RefusedException(comparison, "order comparisons compare numbers only");
            }
            if (IsMissing(comparison.Key))
            {
                return new Constant(negated);
            }
            var (field, literal) = Typed(comparison, comparison.Key, comparison.Value, array: false);
            var op = (comparison.Operator, negated) switch
            {
                (VectorFilterOperator.LessThan, false) or (VectorFilterOperator.GreaterThanOrEqual, true) => "LessThan",
                (VectorFilterOperator.LessThanOrEqual, false) or (VectorFilterOperator.GreaterThan, true) => "LessThanEqual",
                (VectorFilterOperator.GreaterThan, false) or (VectorFilterOperator.LessThanOrEqual, true) => "GreaterThan",
                _ => "GreaterThanEqual",
            };
            var leaf = new Leaf(comparison.Key, op, field, literal);
            return negated ? OrMissing(comparison, leaf) : leaf;
        }

        // A negated leaf also holds where the property is missing (or null): OR IsNull.
        private Combined OrMissing(VectorFilterComparison comparison, Leaf leaf)
        {
            RequireNullState(comparison);
            return new Combined("Or", [leaf, new Leaf(comparison.Key, "IsNull", "valueBoolean", "true")]);
        }

        private void RequireNullState(VectorFilter construct)
        {
            if (schema is not null && schema.InvertedIndexConfig?.IndexNullState != true)
            {
                throw new RefusedException(construct,
                    $"matching objects without the property needs the IsNull operator, and class '{schema.Class}' does not index null state " +
                    "(invertedIndexConfig.indexNullState; Chronos sets it on the classes it creates)");
            }
        }

        // Only with the schema at hand: a property no object has ever had is not in the class (auto-schema adds it on first use).
        private bool IsMissing(string key) => schema is not null && PropertyType(key) is null;

        private string? PropertyType(string key) => schema?.Properties?.FirstOrDefault(p => p.Name == key)?.DataType.FirstOrDefault();

        private (string Field, string Literal) Typed(VectorFilter construct, string key, JsonValue value, bool array)
        {
            var kind = value.GetValueKind();
            var type = PropertyType(key);
            var expected = kind switch
            {
                JsonValueKind.String => "text",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                _ => type?.TrimEnd('[', ']') == "int" ? "int" : "number",
            };
            if (type is not null && type != expected + (array ? "[]" : "") && !(expected == "text" && type == (array ? "string[]" : "string")))
            {
                throw new RefusedException(construct,
                    $"property '{key}' of class '{schema!.Class}' is {type}, and a where filter compares a property only with a value of its own type " +
                    $"(here {expected}{(array ? " items of an array" : "")})");
            }
            return expected switch
            {
                "text" => ("valueText", Literal(value.GetValue<string>())),
                "boolean" => ("valueBoolean", kind == JsonValueKind.True ? "true" : "false"),
                "int" => ("valueInt", Integer(construct, key, value)),
                _ => ("valueNumber", MetadataFilter.ToDouble(value).ToString("R", CultureInfo.InvariantCulture)),
            };
        }

        private string Integer(VectorFilter construct, string key, JsonValue value)
        {
            var number = MetadataFilter.ToDouble(value);
            if (number != Math.Floor(number) || Math.Abs(number) > 9007199254740992d)
            {
                throw new RefusedException(construct, $"property '{key}' of class '{schema!.Class}' is int, and {value.ToJsonString()} is not an integer");
            }
            return ((long)number).ToString(CultureInfo.InvariantCulture);
        }

        private static Node Combine(string op, Node left, Node right)
        {
            var absorbing = op == "Or";
            var operands = new List<Node>();
            foreach (var node in new[] { left, right })
            {
                switch (node)
                {
                    case Constant constant when constant.Value == absorbing:
                        return constant;
                    case Constant:
                        break;
                    case Combined combined when combined.Operator == op:
                        operands.AddRange(combined.Operands);
                        break;
                    default:
                        operands.Add(node);
                        break;
                }
            }
            return operands.Count switch
            {
                0 => new Constant(!absorbing),
                1 => operands[0],
                _ => new Combined(op, operands),
            };
        }
    }

    private static string Render(Node node) => node switch
    {
        Leaf leaf => $"{{path: [\"{leaf.Key}\"], operator: {leaf.Operator}, {leaf.ValueField}: {leaf.Value}}}",
        Combined combined => $"{{operator: {combined.Operator}, operands: [{string.Join(", ", combined.Operands.Select(Render))}]}}",
        _ => throw new InvalidOperationException("constants are folded before rendering"),
    };
}
