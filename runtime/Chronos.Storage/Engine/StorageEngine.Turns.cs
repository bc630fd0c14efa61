using System.Collections.Immutable;
using Chronos.Storage.Telemetry;

namespace Chronos.Storage.Providers;

// Batch append (issue 16 §2) and the atomic turn (§4): validated and normalized here, once; each adapter supplies one
// atomic write per operation (AppendEventsCoreAsync, CommitTurnCoreAsync) and the largest batch it commits atomically.
public abstract partial class StorageEngine
{
    private const string AppendEventsOperation = "AppendEvents";
    private const string CommitTurnOperation = "CommitTurn";

    /// <summary>
    /// The most records one atomic write (a batch's events; a turn's session, events, checkpoint and audit entries) may
    /// hold on this backend; larger ones are refused with <see cref="BatchTooLargeException"/> before any I/O. A
    /// backend whose limit depends on more than the count (DynamoDB's items and bytes) checks the rest in its core
    /// method, still before sending anything.
    /// </summary>
    protected virtual int MaxRecordsPerAtomicWrite => StorageLimits.MaxBatchRecords;

    /// <summary>
    /// Appends <paramref name="batch"/> atomically: all its events or none. Reads the ledger's last number and what is
    /// stored under the batch's ids inside the atomic section, then applies <see cref="EventBatch.StoredAnswer"/> (a
    /// retry returns the stored events; a mixed batch is refused), <see cref="EventBatch.IsFencedOut"/> and
    /// <see cref="EventBatch.Numbered"/>; a caller-supplied number that is taken is a <see cref="DuplicateKeyException"/>.
    /// </summary>
    /// <remarks>
    /// Virtual so that a new backend works before it has an atomic multi-record write: by default a batch of one event
    /// is the single append (atomic on its own) and a larger batch is refused with
    /// <see cref="AtomicWriteNotSupportedException"/> naming <see cref="AtomicWriteMissingFeature"/>, before any write.
    /// </remarks>
    protected virtual async Task<IReadOnlyList<Event>> AppendEventsCoreAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Events.Length != 1) throw new AtomicWriteNotSupportedException(BackendName, "AppendEvents", AtomicWriteMissingFeature, batch.SessionId);
        return [await AppendEventCoreAsync(batch.Events[0], batch.ExpectedLastSeq, cancellationToken).ConfigureAwait(false)];
    }

    /// <summary>
    /// Commits <paramref name="turn"/> as one unit: the session's versioned update
    /// (<see cref="TurnWrite.SessionConflict"/> when stale or missing), its events with the batch rules (a stored id is
    /// a <see cref="DuplicateKeyException"/>), the checkpoint upsert and the audit inserts. Any refusal writes nothing,
    /// and no reader ever sees part of the turn.
    /// </summary>
    /// <remarks>
    /// By default refused with <see cref="AtomicWriteNotSupportedException"/> naming <see cref="AtomicWriteMissingFeature"/>:
    /// a backend commits turns only once it overrides this with one atomic write, never with weaker guarantees.
    /// </remarks>
    protected virtual Task<CommittedTurn> CommitTurnCoreAsync(TurnWrite turn, CancellationToken cancellationToken) =>
        throw new AtomicWriteNotSupportedException(BackendName, "CommitTurn", AtomicWriteMissingFeature, turn.Session.Id);

    /// <summary>
    /// What this backend lacks for the default <see cref="AppendEventsCoreAsync"/> and <see cref="CommitTurnCoreAsync"/>
    /// to refuse with; a backend that keeps the defaults names its missing server feature here.
    /// </summary>
    protected virtual string AtomicWriteMissingFeature => "an atomic multi-record write (this backend does not override AppendEventsCoreAsync and CommitTurnCoreAsync)";

    /// <inheritdoc />
    public Task<IReadOnlyList<Event>> AppendEventsAsync(string sessionId, IReadOnlyList<Event> events, CancellationToken cancellationToken = default) =>
        AppendEventsAsync(sessionId, events, expectedLastSeq: null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Event>> AppendEventsAsync(string sessionId, IReadOnlyList<Event> events, long expectedLastSeq, CancellationToken cancellationToken = default) =>
        AppendEventsAsync(sessionId, events, CheckedExpectedLastSeq(expectedLastSeq, nameof(expectedLastSeq)), cancellationToken);

    private Task<IReadOnlyList<Event>> AppendEventsAsync(string sessionId, IReadOnlyList<Event> events, long? expectedLastSeq, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        Guard.Required(sessionId, nameof(sessionId), nameof(Event), "session_id");
        Guard.NotNull(events, nameof(events));
        if (events.Count == 0)
        {
            throw new StorageArgumentException(nameof(events), nameof(Event), null, "'events' must hold at least one event.");
        }
        CheckAtomicWriteSize(AppendEventsOperation, sessionId, events.Count);
        var batch = PreparedBatch(sessionId, events, nameof(events), expectedLastSeq, retryReturnsStored: true);
        cancellationToken.ThrowIfCancellationRequested();
        return ObservedAtomicWrite(StorageOperations.AppendBatch, batch.SessionId, batch.Events.Length, (Engine: this, Batch: batch, Token: cancellationToken),
            static s => s.Engine.AppendStoredBatchAsync(s.Batch, s.Token));
    }

    /// <inheritdoc />
    public Task<CommittedTurn> CommitTurnAsync(TurnCommit turn, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.NotNull(turn, nameof(turn));
        var session = PreparedSessionUpdate(Guard.NotNull(turn.Session, nameof(turn) + ".Session"), nameof(turn) + ".Session");
        var events = Guard.NotNull(turn.Events, nameof(turn) + ".Events");
        var auditLogs = Guard.NotNull(turn.AuditLogs, nameof(turn) + ".AuditLogs");
        CheckAtomicWriteSize(CommitTurnOperation, session.Id, 1 + events.Count + (turn.Checkpoint is null ? 0 : 1) + auditLogs.Count);
        var expectedLastSeq = turn.ExpectedLastSeq is { } expected ? CheckedExpectedLastSeq(expected, nameof(turn) + ".ExpectedLastSeq") : null;
        var batch = PreparedBatch(session.Id, events, nameof(turn) + ".Events", expectedLastSeq, retryReturnsStored: false);
        Checkpoint? checkpoint = null;
        if (turn.Checkpoint is { } given)
        {
            checkpoint = PreparedCheckpoint(given, nameof(turn) + ".Checkpoint");
            if (checkpoint.SessionId != session.Id)
            {
                throw new StorageArgumentException(nameof(turn) + ".Checkpoint.SessionId", nameof(Checkpoint), checkpoint.Id, "session_id",
                    $"a turn's checkpoint must belong to the turn's session '{session.Id}'; got '{checkpoint.SessionId}'.");
            }
        }
        var logs = ImmutableArray.CreateBuilder<AuditLog>(auditLogs.Count);
        for (var i = 0; i < auditLogs.Count; i++)
        {
            var log = PreparedAuditLog(auditLogs[i], $"{nameof(turn)}.AuditLogs[{i}]");
            RequireDistinct(logs, log.Id, static l => l.Id, $"{nameof(turn)}.AuditLogs[{i}].Id", nameof(AuditLog));
            logs.Add(log);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var write = new TurnWrite(session, batch, checkpoint, logs.MoveToImmutable());
        return ObservedAtomicWrite(StorageOperations.CommitTurn, session.Id, batch.Events.Length, (Engine: this, Write: write, Token: cancellationToken),
            static s => s.Engine.CommitStoredTurnAsync(s.Write, s.Token));
    }

    private void CheckAtomicWriteSize(string operation, string sessionId, int records)
    {
        if (records > MaxRecordsPerAtomicWrite)
        {
            throw new BatchTooLargeException(BackendName, operation, sessionId, records, MaxRecordsPerAtomicWrite, "records");
        }
    }

    /// <summary>
    /// Validates and normalizes a batch: each event as a single append would be; an empty session id takes
    /// <paramref name="sessionId"/>, another is refused; ids distinct; numbers all 0 or all supplied and consecutive.
    /// </summary>
    private EventBatch PreparedBatch(string sessionId, IReadOnlyList<Event> events, string paramName, long? expectedLastSeq, bool retryReturnsStored)
    {
        var prepared = ImmutableArray.CreateBuilder<Event>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var path = $"{paramName}[{i}]";
            var given = Guard.NotNull(events[i], path);
            if (string.IsNullOrEmpty(given.SessionId)) given = given with { SessionId = sessionId };
            else if (given.SessionId != sessionId)
            {
                throw new StorageArgumentException(path + ".SessionId", nameof(Event), given.Id, "session_id",
                    $"every event of a batch belongs to session '{sessionId}'; got '{given.SessionId}'.");
            }
            var @event = PreparedEvent(given, path);
            RequireDistinct(prepared, @event.Id, static e => e.Id, path + ".Id", nameof(Event));
            if (i > 0 && (prepared[0].SeqNum == 0) != (@event.SeqNum == 0))
            {
                throw new StorageArgumentException(path + ".SeqNum", nameof(Event), @event.Id, "seq_num",
                    "a batch's sequence numbers are either all 0 (the store numbers them) or all supplied; it mixes both.");
            }
            if (i > 0 && @event.SeqNum != 0 && @event.SeqNum != prepared[i - 1].SeqNum + 1)
            {
                throw new StorageArgumentException(path + ".SeqNum", nameof(Event), @event.Id, "seq_num",
                    $"supplied sequence numbers in a batch must be consecutive: expected {prepared[i - 1].SeqNum + 1}, got {@event.SeqNum}.");
            }
            prepared.Add(@event);
        }
        return new EventBatch(sessionId, prepared.MoveToImmutable(), expectedLastSeq, retryReturnsStored);
    }

    private static void RequireDistinct<T>(ImmutableArray<T>.Builder earlier, string id, Func<T, string> idOf, string paramName, string entity)
    {
        foreach (var item in earlier)
        {
            if (idOf(item) == id)
            {
                throw new StorageArgumentException(paramName, entity, id, "id", $"the id '{id}' appears twice in one write.");
            }
        }
    }

    // ---- The normalization of each record, shared by the single-record methods and by batches and turns. ----

    private static long? CheckedExpectedLastSeq(long expectedLastSeq, string paramName) =>
        expectedLastSeq is < 0 or > StorageLimits.MaxSeqNum
            ? throw new StorageArgumentException(paramName, nameof(Event), "seq_num",
                $"'{paramName}' must be from 0 (an empty ledger) to {StorageLimits.MaxSeqNum} (StorageLimits.MaxSeqNum); got {expectedLastSeq}.")
            : expectedLastSeq;

    private Event PreparedEvent(Event @event, string paramName)
    {
        Guard.NotNull(@event, paramName);
        Guard.RequiredMember(@event.Id, paramName, "Id", nameof(Event), "id");
        Guard.RequiredMember(@event.SessionId, paramName, "SessionId", nameof(Event), "session_id");
        Guard.RequiredMember(@event.Type, paramName, "Type", nameof(Event), "type");
        LedgerSequence.CheckSuppliedMember(@event.SeqNum, paramName, "SeqNum", nameof(Event), @event.Id, "assign the next");
        var stored = @event with { CreatedAt = NormalizeOrNow(@event.CreatedAt) };
        EntityValidator.Validate(stored);
        return stored;
    }

    /// <summary>The session as a versioned update checks it: the caller's version, <c>UpdatedAt</c> now.</summary>
    private Session PreparedSessionUpdate(Session session, string paramName)
    {
        Guard.NotNull(session, paramName);
        Guard.RequiredMember(session.Id, paramName, "Id", nameof(Session), "id");
        Guard.RequiredMember(session.AgentId, paramName, "AgentId", nameof(Session), "agent_id");
        var expected = session with
        {
            CreatedAt = StorageTime.Normalize(session.CreatedAt),
            UpdatedAt = UtcNow(),
        };
        EntityValidator.Validate(expected);
        return expected;
    }

    private Checkpoint PreparedCheckpoint(Checkpoint checkpoint, string paramName)
    {
        Guard.NotNull(checkpoint, paramName);
        Guard.RequiredMember(checkpoint.Id, paramName, "Id", nameof(Checkpoint), "id");
        Guard.RequiredMember(checkpoint.SessionId, paramName, "SessionId", nameof(Checkpoint), "session_id");
        LedgerSequence.CheckSuppliedMember(checkpoint.SeqNum, paramName, "SeqNum", nameof(Checkpoint), checkpoint.Id, "before the first event");
        var stored = checkpoint with { CreatedAt = NormalizeOrNow(checkpoint.CreatedAt) };
        EntityValidator.Validate(stored);
        return stored;
    }

    private AuditLog PreparedAuditLog(AuditLog log, string paramName)
    {
        Guard.NotNull(log, paramName);
        Guard.RequiredMember(log.Id, paramName, "Id", nameof(AuditLog), "id");
        Guard.RequiredMember(log.AgentId, paramName, "AgentId", nameof(AuditLog), "agent_id");
        Guard.RequiredMember(log.Action, paramName, "Action", nameof(AuditLog), "action");
        var stored = log with { CreatedAt = NormalizeOrNow(log.CreatedAt) };
        EntityValidator.Validate(stored);
        return stored;
    }
}
