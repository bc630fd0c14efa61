using System.Collections.Immutable;

namespace Chronos.Storage.Providers;

/// <summary>
/// A <see cref="TurnCommit"/> as the engine hands it to an adapter: every record validated and normalized, so the
/// adapter only commits it as one unit. <see cref="Session"/> carries the version the caller read (the one to check);
/// <see cref="UpdatedSession"/> is what to store.
/// </summary>
public sealed class TurnWrite
{
    internal TurnWrite(Session session, EventBatch events, Checkpoint? checkpoint, ImmutableArray<AuditLog> auditLogs)
    {
        Session = session;
        Events = events;
        Checkpoint = checkpoint;
        AuditLogs = auditLogs;
    }

    /// <summary>The session with the version the caller read: the update holds only while it is the stored one.</summary>
    public Session Session { get; }

    /// <summary>The session as stored by the turn: the next version.</summary>
    public Session UpdatedSession => Session with { Version = Session.Version + 1 };

    /// <summary>The turn's events (possibly none) with their fencing; in a turn a stored id is refused.</summary>
    public EventBatch Events { get; }

    /// <summary>The checkpoint to store (upsert), or null.</summary>
    public Checkpoint? Checkpoint { get; }

    /// <summary>The audit entries to insert.</summary>
    public ImmutableArray<AuditLog> AuditLogs { get; }

    /// <summary>How many records the turn writes: the session, the events, the checkpoint and the audit entries.</summary>
    public int RecordCount => 1 + Events.Events.Length + (Checkpoint is null ? 0 : 1) + AuditLogs.Length;

    /// <summary>The version conflict for a session whose stored version is <paramref name="actualVersion"/> (null: missing).</summary>
    public ConcurrencyConflictException SessionConflict(long? actualVersion) =>
        new(nameof(Storage.Session), Session.Id, "version", Session.Version, actualVersion);

    /// <summary>The answer once committed, with the stored <paramref name="events"/>.</summary>
    public CommittedTurn Committed(IReadOnlyList<Event> events) => new(UpdatedSession, events, Checkpoint, AuditLogs);
}
