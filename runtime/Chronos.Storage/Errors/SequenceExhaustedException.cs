namespace Chronos.Storage;

/// <summary>
/// An auto-numbered append found the session's ledger already at <see cref="StorageLimits.MaxSeqNum"/>: there is no
/// next sequence number, and nothing was written.
/// </summary>
public sealed class SequenceExhaustedException : StorageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="sessionId">The session whose ledger is full.</param>
    /// <param name="eventId">The event that was not appended.</param>
    /// <param name="lastSeqNum">The session's highest stored sequence number.</param>
    public SequenceExhaustedException(string sessionId, string eventId, long lastSeqNum)
        : base(
            $"Event '{eventId}': session '{sessionId}' has no sequence number after {lastSeqNum} (the limit is " +
            $"{StorageLimits.MaxSeqNum}, StorageLimits.MaxSeqNum); nothing was written.",
            nameof(Event), eventId, "seq_num")
    {
        SessionId = sessionId;
        LastSeqNum = lastSeqNum;
    }

    /// <summary>The session whose ledger is full.</summary>
    public string SessionId { get; }

    /// <summary>The session's highest stored sequence number.</summary>
    public long LastSeqNum { get; }
}
