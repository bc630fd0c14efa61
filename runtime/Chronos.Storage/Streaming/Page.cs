namespace Chronos.Storage;

/// <summary>
/// One page of a keyset (cursor) walk: the records, and the token that continues the walk right after the last of
/// them, or null when the walk has reached the end.
/// </summary>
/// <typeparam name="T">The record.</typeparam>
/// <param name="Items">The records of this page, in the list's order (at most the requested limit).</param>
/// <param name="ContinuationToken">
/// Opaque: pass it back unchanged to get the next page; null when nothing followed this page when it was read.
/// </param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);
