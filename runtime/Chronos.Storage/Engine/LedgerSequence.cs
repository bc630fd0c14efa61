namespace Chronos.Storage.Providers;

/// <summary>
/// The one rule for ledger sequence numbers (<see cref="StorageLimits.MaxSeqNum"/>), used by the engine for numbers
/// callers supply and by every backend's ledger for the number it assigns.
/// </summary>
public static class LedgerSequence
{
    /// <summary>Refuses a caller-supplied sequence number that is negative or above <see cref="StorageLimits.MaxSeqNum"/>.</summary>
    /// <param name="seqNum">The number.</param>
    /// <param name="paramName">The parameter path, e.g. <c>event.SeqNum</c>.</param>
    /// <param name="entity">The entity, e.g. <c>Event</c>.</param>
    /// <param name="id">The record's id, named in the message.</param>
    /// <param name="zeroMeans">What 0 means for this entity, for the message.</param>
    public static void CheckSupplied(long seqNum, string paramName, string entity, string id, string zeroMeans)
    {
        if (!IsSuppliable(seqNum)) throw SuppliedRefusal(seqNum, paramName, entity, id, zeroMeans);
    }

    /// <summary><see cref="CheckSupplied(long, string, string, string, string)"/> for a record's member; the name is built only on failure.</summary>
    internal static void CheckSuppliedMember(long seqNum, string paramName, string member, string entity, string id, string zeroMeans)
    {
        if (!IsSuppliable(seqNum)) throw SuppliedRefusal(seqNum, paramName + "." + member, entity, id, zeroMeans);
    }

    private static bool IsSuppliable(long seqNum) => seqNum is >= 0 and <= StorageLimits.MaxSeqNum;

    private static StorageArgumentException SuppliedRefusal(long seqNum, string paramName, string entity, string id, string zeroMeans) =>
        new(paramName, entity, "seq_num",
            $"{entity} '{id}': sequence number must be 0 ({zeroMeans}) or from 1 to {StorageLimits.MaxSeqNum} " +
            $"(StorageLimits.MaxSeqNum); got {seqNum}.");

    /// <summary>
    /// The number after <paramref name="last"/>, the session's highest stored one; throws
    /// <see cref="SequenceExhaustedException"/> when there is none within <see cref="StorageLimits.MaxSeqNum"/>.
    /// </summary>
    public static long Next(string sessionId, string eventId, long last) =>
        last < StorageLimits.MaxSeqNum ? last + 1 : throw new SequenceExhaustedException(sessionId, eventId, last);

    /// <summary>
    /// The single-writer fence's refusal: the session's ledger ends at <paramref name="actualLast"/>, not at the
    /// <paramref name="expectedLast"/> the writer appended after. Thrown by every backend's atomic append, which has
    /// written nothing; the writer re-reads the ledger (it is no longer the only writer, or its view is stale).
    /// </summary>
    public static ConcurrencyConflictException Conflict(string sessionId, long expectedLast, long actualLast) =>
        new(nameof(Session), sessionId, LastSeqField, expectedLast, actualLast);

    /// <summary>The field a fencing conflict names: the ledger's last sequence number.</summary>
    public const string LastSeqField = "last event seq_num";
}
