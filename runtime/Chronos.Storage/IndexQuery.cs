using System.Collections.Immutable;

namespace Chronos.Storage;

/// <summary>
/// A read along one declared index: records whose match fields equal <see cref="Match"/>, in the index's order,
/// optionally strictly after <see cref="After"/> on the first sort key, then <see cref="Offset"/> and <see cref="Limit"/>.
/// </summary>
public sealed record IndexQuery
{
    /// <summary>Creates a query on <paramref name="index"/> with the given match values (one per match field, in order).</summary>
    public IndexQuery(string index, params ReadOnlySpan<IndexValue> match)
    {
        Index = index;
        Match = [.. match];
    }

    /// <summary>The spec's index name.</summary>
    public string Index { get; }

    /// <summary>One value per match field of the index, in order.</summary>
    public ImmutableArray<IndexValue> Match { get; }

    /// <summary>Only records strictly after this value of the first sort key, in the index's direction.</summary>
    public IndexValue? After { get; init; }

    /// <summary>At most this many records; null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>Records to skip first.</summary>
    public int Offset { get; init; }
}
