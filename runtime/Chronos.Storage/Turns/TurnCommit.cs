namespace Chronos.Storage;

/// <summary>
/// What one agent turn changes, committed by <see cref="IStorage.CommitTurnAsync"/> as one unit: the session update
/// (checked against the <see cref="Session.Version"/> it carries), the new events (optionally fenced by
/// <see cref="ExpectedLastSeq"/>), an optional checkpoint and optional audit entries. Either every part is visible
/// afterwards or none is.
/// </summary>
public sealed record TurnCommit
{
    /// <summary>The session as it should be after the turn, with the <see cref="Session.Version"/> the caller read.</summary>
    public required Session Session { get; init; }

    /// <summary>
    /// The turn's events, appended in order to <see cref="Session"/>'s ledger with consecutive numbers (all
    /// <see cref="Event.SeqNum"/> 0: the store numbers them; or all supplied and consecutive). An event whose
    /// <see cref="Event.SessionId"/> is empty belongs to the turn's session. Every id must be new.
    /// </summary>
    public IReadOnlyList<Event> Events { get; init; } = [];

    /// <summary>
    /// When set, the turn commits only while the session's ledger still ends at this number (single-writer fencing,
    /// as for <see cref="IStorage.AppendEventAsync(Event, long, CancellationToken)"/>), with or without events.
    /// </summary>
    public long? ExpectedLastSeq { get; init; }

    /// <summary>A checkpoint of the session, stored (replacing one with the same id) with the turn; or null.</summary>
    public Checkpoint? Checkpoint { get; init; }

    /// <summary>Audit entries inserted with the turn (every id must be new).</summary>
    public IReadOnlyList<AuditLog> AuditLogs { get; init; } = [];
}

/// <summary>What <see cref="IStorage.CommitTurnAsync"/> stored: every record as it now reads back.</summary>
/// <param name="Session">The session with its next version and new <see cref="Session.UpdatedAt"/>.</param>
/// <param name="Events">The events with their sequence numbers, in order.</param>
/// <param name="Checkpoint">The checkpoint, or null when the turn had none.</param>
/// <param name="AuditLogs">The audit entries.</param>
public sealed record CommittedTurn(Session Session, IReadOnlyList<Event> Events, Checkpoint? Checkpoint, IReadOnlyList<AuditLog> AuditLogs);
