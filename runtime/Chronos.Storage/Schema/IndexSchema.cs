using System.Collections.Immutable;

namespace Chronos.Storage.Schema;

/// <summary>
/// A declared access path: equality on <see cref="MatchOrdinals"/>, then rows in <see cref="Order"/>.
/// Every backend derives its index (SQL index, sorted set, GSI, Mongo index) from this one declaration.
/// </summary>
/// <param name="Name">The spec's index name, e.g. <c>by_agent</c>.</param>
/// <param name="MatchOrdinals">Fields compared for equality, in order.</param>
/// <param name="Order">Sort keys after the match fields; all in one direction.</param>
/// <param name="IsUnique">Whether match + order identifies at most one record.</param>
public sealed record IndexSchema(string Name, ImmutableArray<int> MatchOrdinals, ImmutableArray<IndexSortKey> Order, bool IsUnique)
{
    /// <summary>True when the index lists newest/highest first.</summary>
    public bool IsDescending => Order.Length > 0 && Order[0].Descending;
}

/// <summary>One sort key of an index.</summary>
/// <param name="Ordinal">The field's ordinal.</param>
/// <param name="Descending">Sort direction.</param>
public readonly record struct IndexSortKey(int Ordinal, bool Descending);
