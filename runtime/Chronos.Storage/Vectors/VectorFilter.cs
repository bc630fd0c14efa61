using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Vectors;

/// <summary>
/// A predicate on an embedding's top-level metadata: Chronos's filter model for searches
/// (<see cref="VectorSearchOptions.Filter"/>) and queries (<see cref="IVectorStore.QueryAsync"/>). Its meaning is
/// <see cref="Matches"/>, evaluated in process; a backend either runs it (natively or over its own data in process)
/// or refuses it with <see cref="VectorCapabilityNotSupportedException"/> before any request. Every backend runs the
/// conjunctions of equalities (they travel as <see cref="VectorSearchOptions.MetadataEquals"/>).
/// </summary>
public abstract record VectorFilter
{
    private protected VectorFilter()
    {
    }

    /// <summary>True when <paramref name="metadata"/> satisfies the filter.</summary>
    public abstract bool Matches(JsonObject? metadata);

    /// <summary>The construct as text for errors, e.g. <c>tag != "a"</c>.</summary>
    public abstract override string ToString();

    /// <summary>
    /// The filter as a set of key = value equalities when it is only that (equalities joined by AND, no key twice,
    /// no null value), else null.
    /// </summary>
    public IReadOnlyDictionary<string, JsonValue>? AsEqualities()
    {
        var equalities = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
        return Collect(this, equalities) ? equalities : null;

        static bool Collect(VectorFilter filter, Dictionary<string, JsonValue> into) => filter switch
        {
            VectorFilterAnd and => Collect(and.Left, into) && Collect(and.Right, into),
            VectorFilterComparison { Operator: VectorFilterOperator.Equal, Value: { } value } equal => into.TryAdd(equal.Key, value),
            _ => false,
        };
    }

    /// <summary>The first part of the filter (depth first) that is not an equality or an AND, for error messages.</summary>
    public VectorFilter? FirstBeyondEqualities() => this switch
    {
        VectorFilterAnd and => and.Left.FirstBeyondEqualities() ?? and.Right.FirstBeyondEqualities(),
        VectorFilterComparison { Operator: VectorFilterOperator.Equal, Value: not null } => null,
        _ => this,
    };

    /// <summary>Every metadata key the filter reads.</summary>
    public IEnumerable<string> Keys() => this switch
    {
        VectorFilterAnd and => and.Left.Keys().Concat(and.Right.Keys()),
        VectorFilterOr or => or.Left.Keys().Concat(or.Right.Keys()),
        VectorFilterNot not => not.Operand.Keys(),
        VectorFilterComparison comparison => [comparison.Key],
        VectorFilterContains contains => [contains.Key],
        VectorFilterIn @in => [@in.Key],
        _ => [],
    };

    internal static string Literal(JsonValue? value) => value is null ? "null" : value.ToJsonString();
}

/// <summary>How <see cref="VectorFilterComparison"/> compares.</summary>
public enum VectorFilterOperator
{
    /// <summary>Equal (numbers by value, strings ordinally; a null value matches a missing key or JSON null).</summary>
    Equal,
    /// <summary>Not <see cref="Equal"/>.</summary>
    NotEqual,
    /// <summary>A number less than the value.</summary>
    LessThan,
    /// <summary>A number at most the value.</summary>
    LessThanOrEqual,
    /// <summary>A number greater than the value.</summary>
    GreaterThan,
    /// <summary>A number at least the value.</summary>
    GreaterThanOrEqual,
}

/// <summary>
/// <c>metadata[Key] op Value</c>. Order comparisons hold only between numbers: a missing key, a string or a boolean
/// never satisfies them.
/// </summary>
/// <param name="Key">Top-level metadata key.</param>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">A string, number or boolean; null only with <see cref="VectorFilterOperator.Equal"/> or <see cref="VectorFilterOperator.NotEqual"/>.</param>
public sealed record VectorFilterComparison(string Key, VectorFilterOperator Operator, JsonValue? Value) : VectorFilter
{
    /// <inheritdoc />
    public override bool Matches(JsonObject? metadata)
    {
        var actual = metadata is not null && metadata.TryGetPropertyValue(Key, out var node) ? node : null;
        switch (Operator)
        {
            case VectorFilterOperator.Equal:
                return IsEqual(actual);
            case VectorFilterOperator.NotEqual:
                return !IsEqual(actual);
        }
        if (actual is not JsonValue number || number.GetValueKind() != JsonValueKind.Number || Value is null || Value.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }
        var compared = MetadataFilter.ToDouble(number).CompareTo(MetadataFilter.ToDouble(Value));
        return Operator switch
        {
            VectorFilterOperator.LessThan => compared < 0,
            VectorFilterOperator.LessThanOrEqual => compared <= 0,
            VectorFilterOperator.GreaterThan => compared > 0,
            _ => compared >= 0,
        };
    }

    private bool IsEqual(JsonNode? actual) => Value is null
        ? actual is null || actual.GetValueKind() == JsonValueKind.Null
        : actual is JsonValue value && MetadataFilter.ScalarEquals(value, Value);

    /// <inheritdoc />
    public override string ToString()
    {
        var op = Operator switch
        {
            VectorFilterOperator.Equal => "==",
            VectorFilterOperator.NotEqual => "!=",
            VectorFilterOperator.LessThan => "<",
            VectorFilterOperator.LessThanOrEqual => "<=",
            VectorFilterOperator.GreaterThan => ">",
            _ => ">=",
        };
        return $"{Key} {op} {Literal(Value)}";
    }
}

/// <summary><c>metadata[Key]</c> is an array holding <paramref name="Value"/> (LINQ: <c>r.Tags.Contains(value)</c>).</summary>
/// <param name="Key">Top-level metadata key of an array.</param>
/// <param name="Value">A string, number or boolean.</param>
public sealed record VectorFilterContains(string Key, JsonValue Value) : VectorFilter
{
    /// <inheritdoc />
    public override bool Matches(JsonObject? metadata)
    {
        if (metadata is null || !metadata.TryGetPropertyValue(Key, out var node) || node is not JsonArray array)
        {
            return false;
        }
        foreach (var item in array)
        {
            if (item is JsonValue value && MetadataFilter.ScalarEquals(value, Value))
            {
                return true;
            }
        }
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Key} contains {Literal(Value)}";
}

/// <summary><c>metadata[Key]</c> equals one of <paramref name="Values"/> (LINQ: <c>values.Contains(r.Tag)</c>).</summary>
/// <param name="Key">Top-level metadata key.</param>
/// <param name="Values">Strings, numbers or booleans.</param>
public sealed record VectorFilterIn(string Key, IReadOnlyList<JsonValue> Values) : VectorFilter
{
    /// <inheritdoc />
    public override bool Matches(JsonObject? metadata)
    {
        if (metadata is null || !metadata.TryGetPropertyValue(Key, out var node) || node is not JsonValue actual)
        {
            return false;
        }
        foreach (var value in Values)
        {
            if (MetadataFilter.ScalarEquals(actual, value))
            {
                return true;
            }
        }
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Key} in [{string.Join(", ", Values.Select(Literal))}]";
}

/// <summary>Both filters hold.</summary>
public sealed record VectorFilterAnd(VectorFilter Left, VectorFilter Right) : VectorFilter
{
    /// <inheritdoc />
    public override bool Matches(JsonObject? metadata) => Left.Matches(metadata) && Right.Matches(metadata);

    /// <inheritdoc />
    public override string ToString() => $"({Left} && {Right})";
}

/// <summary>At least one filter holds.</summary>
public sealed record VectorFilterOr(VectorFilter Left, VectorFilter Right) : VectorFilter
{
    /// <inheritdoc />
    public override bool Matches(JsonObject? metadata) => Left.Matches(metadata) || Right.Matches(metadata);

    /// <inheritdoc />
    public override string ToString() => $"({Left} || {Right})";
}

/// <summary>The filter does not hold.</summary>
public sealed record VectorFilterNot(VectorFilter Operand) : VectorFilter
{
    /// <inheritdoc />
    public override bool Matches(JsonObject? metadata) => !Operand.Matches(metadata);

    /// <inheritdoc />
    public override string ToString() => $"!({Operand})";
}
