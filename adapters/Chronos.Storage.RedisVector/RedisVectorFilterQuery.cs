using Chronos.Storage.Vectors;

namespace Chronos.Storage.RedisVector;

/// <summary>
/// Chronos's <see cref="VectorFilter"/> as RediSearch query syntax over the one TAG field of digest tokens
/// (<see cref="RedisVectorFilterTokens"/>; Redis docs, "Query syntax": <c>@field:{tag}</c> exact match,
/// <c>@field:{a | b}</c> any of, a space for AND, <c>|</c> for OR, <c>-</c> for negation). The query text holds only
/// hex tokens and operators, never a user value.
/// <para>Refused, before any request: order comparisons (<c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>) and
/// comparisons with null. The layout indexes equality tokens only (no NUMERIC field per key, which would need an
/// FT.ALTER and a background re-index for every new key), and an absent key has no token to match.</para>
/// </summary>
internal static class RedisVectorFilterQuery
{
    /// <summary>The query text of <paramref name="filter"/>, or the first construct it cannot express.</summary>
    public static (string? Query, VectorFilter? Unsupported) Build(VectorFilter filter)
    {
        VectorFilter? unsupported = null;
        var query = Text(filter, ref unsupported);
        return unsupported is null ? (query, null) : (null, unsupported);
    }

    /// <summary>Why <see cref="Build"/> refused a construct, for the error.</summary>
    public static string Why(VectorFilter construct) => construct is VectorFilterComparison { Value: null }
        ? "RediSearch cannot match a missing key: Chronos indexes one TAG token per present string, number or boolean"
        : "numeric ranges need a NUMERIC field per key; the Chronos Redis layout indexes equality tokens in one TAG field";

    private static string Text(VectorFilter filter, ref VectorFilter? unsupported)
    {
        switch (filter)
        {
            case VectorFilterAnd and:
                return $"({Text(and.Left, ref unsupported)} {Text(and.Right, ref unsupported)})";
            case VectorFilterOr or:
                return $"({Text(or.Left, ref unsupported)} | {Text(or.Right, ref unsupported)})";
            case VectorFilterNot not:
                return $"-{Text(not.Operand, ref unsupported)}";
            case VectorFilterContains contains:
                return Tag(RedisVectorFilterTokens.ItemToken(contains.Key, contains.Value));
            case VectorFilterIn { Values.Count: 0 } none:
                // Nothing is in an empty list: a token and its negation, which no document satisfies.
                var any = Tag(RedisVectorFilterTokens.Token(none.Key, System.Text.Json.Nodes.JsonValue.Create("")));
                return $"({any} -{any})";
            case VectorFilterIn @in:
                return Tag(string.Join(" | ", @in.Values.Select(v => RedisVectorFilterTokens.Token(@in.Key, v))));
            case VectorFilterComparison { Value: { } value, Operator: VectorFilterOperator.Equal } equal:
                return Tag(RedisVectorFilterTokens.Token(equal.Key, value));
            case VectorFilterComparison { Value: { } value, Operator: VectorFilterOperator.NotEqual } notEqual:
                return "-" + Tag(RedisVectorFilterTokens.Token(notEqual.Key, value));
            default:
                unsupported ??= filter;
                return "";
        }
    }

    private static string Tag(string? tokens) => $"@{RedisVectorLayout.FilterField}:{{{tokens}}}";
}
