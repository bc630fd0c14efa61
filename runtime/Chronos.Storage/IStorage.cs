namespace Chronos.Storage;

/// <summary>
/// An agent's durable state on one backend. Every adapter implements the same semantics, pinned by the conformance
/// suite: a missing record reads as <c>null</c>; invalid arguments fail before any I/O with
/// <see cref="StorageArgumentException"/>; every method honours its <see cref="CancellationToken"/>.
/// </summary>
public partial interface IStorage : IAsyncDisposable
{
    /// <summary>Stores a new session with <see cref="Session.Version"/> 1.</summary>
    /// <returns>The stored session (times normalized, version 1).</returns>
    /// <exception cref="DuplicateKeyException">The id is taken.</exception>
    Task<Session> CreateSessionAsync(Session session, CancellationToken cancellationToken = default);

    /// <summary>The session, or null.</summary>
    Task<Session?> GetSessionAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Replaces the session if its <see cref="Session.Version"/> is the stored one.</summary>
    /// <returns>The stored session, with the next version and a new <see cref="Session.UpdatedAt"/>.</returns>
    /// <exception cref="ConcurrencyConflictException">Stale version or missing session; nothing changed.</exception>
    Task<Session> UpdateSessionAsync(Session session, CancellationToken cancellationToken = default);

    /// <summary>An agent's sessions, newest first (<c>CreatedAt</c> desc, then <c>Id</c> desc).</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="limit">1 to 1000.</param>
    /// <param name="offset">0 or more.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<Session>> ListSessionsAsync(string agentId, int limit, int offset = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the session and its events, checkpoints, traces and short-term memory. Audit logs and long-term memory
    /// stay. Deleting a missing session is not an error.
    /// </summary>
    Task DeleteSessionAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces a memory record by <see cref="MemoryRecord.Id"/>.</summary>
    /// <returns>The stored record.</returns>
    Task<MemoryRecord> PutMemoryAsync(MemoryRecord record, CancellationToken cancellationToken = default);

    /// <summary>The agent's newest memory record with this key, or null.</summary>
    Task<MemoryRecord?> GetMemoryAsync(string agentId, string key, CancellationToken cancellationToken = default);

    /// <summary>An agent's memory of one kind, oldest first (<c>CreatedAt</c> asc, then <c>Id</c>).</summary>
    /// <exception cref="StorageArgumentException">Unknown kind.</exception>
    Task<IReadOnlyList<MemoryRecord>> ListMemoryAsync(string agentId, string kind, CancellationToken cancellationToken = default);

    /// <summary>Deletes a memory record by id; a missing id is not an error.</summary>
    Task DeleteMemoryAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Appends an audit log entry.</summary>
    /// <returns>The stored entry.</returns>
    /// <exception cref="DuplicateKeyException">The id is taken (audit logs are never overwritten).</exception>
    Task<AuditLog> InsertAuditLogAsync(AuditLog log, CancellationToken cancellationToken = default);

    /// <summary>An agent's audit log, newest first.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="limit">1 to 1000.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<AuditLog>> ListAuditLogsAsync(string agentId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// A session's audit log, newest first (<c>CreatedAt</c> desc, then <c>Id</c> desc), paged. A separate name rather
    /// than an overload of <see cref="ListAuditLogsAsync"/>: both take a string id first, and an overload that differs
    /// only by a trailing <c>offset</c> would silently switch from agent to session.
    /// </summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="limit">1 to 1000.</param>
    /// <param name="offset">0 or more.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <remarks>Uses the <c>by_session</c> index added in AuditLog schema version 2; run <see cref="MigrateAsync"/> on older stores.</remarks>
    Task<IReadOnlyList<AuditLog>> ListSessionAuditLogsAsync(string sessionId, int limit, int offset = 0, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces a span by id (write it at start, again at end).</summary>
    /// <returns>The stored span.</returns>
    Task<Trace> InsertTraceAsync(Trace trace, CancellationToken cancellationToken = default);

    /// <summary>The span, or null.</summary>
    Task<Trace?> GetTraceAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>A session's spans by <c>StartedAt</c> asc, then <c>Id</c>.</summary>
    Task<IReadOnlyList<Trace>> ListTracesAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends to the session's ledger. With <see cref="Event.SeqNum"/> 0 the store assigns the next number
    /// atomically (concurrent appends get 1..N with no gap or duplicate). Re-appending an id returns the stored event.
    /// </summary>
    /// <returns>The stored event with its sequence number.</returns>
    /// <exception cref="DuplicateKeyException">A caller-supplied sequence number is taken; nothing written.</exception>
    Task<Event> AppendEventAsync(Event @event, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends to the session's ledger only if its last sequence number is still <paramref name="expectedLastSeq"/>
    /// (0: the ledger is empty): single-writer fencing. The comparison happens inside the backend's atomic append, so
    /// of several writers that read the same last number exactly one succeeds; the others get
    /// <see cref="ConcurrencyConflictException"/> and nothing is written, so the ledger never forks and never gaps.
    /// Re-appending an id that is stored returns the stored event even when the expectation is stale: a retry of an
    /// append that succeeded (its reply lost) must not turn into a conflict caused by itself.
    /// </summary>
    /// <param name="event">The event; <see cref="Event.SeqNum"/> 0 takes the next number.</param>
    /// <param name="expectedLastSeq">The last sequence number the writer saw, 0 to <see cref="StorageLimits.MaxSeqNum"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored event with its sequence number.</returns>
    /// <exception cref="ConcurrencyConflictException">
    /// The ledger's last number is not <paramref name="expectedLastSeq"/>: names the session
    /// (<see cref="StorageException.Key"/>), <see cref="ConcurrencyConflictException.ExpectedVersion"/> and
    /// <see cref="ConcurrencyConflictException.ActualVersion"/>. Nothing written.
    /// </exception>
    /// <exception cref="DuplicateKeyException">A caller-supplied sequence number is taken; nothing written.</exception>
    Task<Event> AppendEventAsync(Event @event, long expectedLastSeq, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="events"/> to the session's ledger as one unit: all of them with consecutive numbers and
    /// no gap, or none. Numbers are all 0 (the store assigns the next ones) or all supplied and consecutive. Idempotent
    /// per id: a retried batch whose ids are all stored returns the stored events and writes nothing. One round trip
    /// where the backend allows it; the largest batch per backend is in the README.
    /// </summary>
    /// <param name="sessionId">The session; an event with an empty <see cref="Event.SessionId"/> takes it.</param>
    /// <param name="events">One or more events with distinct ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored events in order, with their sequence numbers.</returns>
    /// <exception cref="BatchPartiallyStoredException">Some ids are stored and some are not; nothing written.</exception>
    /// <exception cref="BatchTooLargeException">More events than the backend commits atomically; refused before any write.</exception>
    /// <exception cref="DuplicateKeyException">A caller-supplied sequence number is taken; nothing written.</exception>
    Task<IReadOnlyList<Event>> AppendEventsAsync(string sessionId, IReadOnlyList<Event> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="AppendEventsAsync(string, IReadOnlyList{Event}, CancellationToken)"/> fenced like
    /// <see cref="AppendEventAsync(Event, long, CancellationToken)"/>: the batch is written only while the ledger still
    /// ends at <paramref name="expectedLastSeq"/>; a retry of a stored batch returns it whatever the expectation.
    /// </summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="events">One or more events with distinct ids.</param>
    /// <param name="expectedLastSeq">The last sequence number the writer saw, 0 to <see cref="StorageLimits.MaxSeqNum"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored events in order.</returns>
    /// <exception cref="ConcurrencyConflictException">The ledger moved past <paramref name="expectedLastSeq"/>; nothing written.</exception>
    Task<IReadOnlyList<Event>> AppendEventsAsync(string sessionId, IReadOnlyList<Event> events, long expectedLastSeq, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits one agent turn as one unit (see <see cref="TurnCommit"/>): the session update with its version check,
    /// the new events (optionally fenced), the checkpoint and the audit entries are all visible afterwards, or none is.
    /// How each backend makes it atomic, and its limits, are in the README's guarantees table.
    /// </summary>
    /// <returns>Every record as stored.</returns>
    /// <exception cref="ConcurrencyConflictException">
    /// The session's version is stale or the session is missing (<see cref="StorageException.Field"/> <c>version</c>),
    /// or the ledger moved past <see cref="TurnCommit.ExpectedLastSeq"/>; nothing written.
    /// </exception>
    /// <exception cref="DuplicateKeyException">An event or audit id, or a supplied sequence number, is taken; nothing written.</exception>
    /// <exception cref="BatchTooLargeException">The turn is larger than the backend commits atomically; refused before any write.</exception>
    /// <exception cref="AtomicWriteNotSupportedException">The backend's server cannot commit the turn atomically; nothing written.</exception>
    Task<CommittedTurn> CommitTurnAsync(TurnCommit turn, CancellationToken cancellationToken = default);

    /// <summary>The session's events with <c>SeqNum &gt; afterSeq</c>, ascending.</summary>
    Task<IReadOnlyList<Event>> ListEventsAsync(string sessionId, long afterSeq = 0, CancellationToken cancellationToken = default);

    /// <summary>Stores a checkpoint (replacing one with the same id).</summary>
    /// <returns>The stored checkpoint.</returns>
    Task<Checkpoint> SaveCheckpointAsync(Checkpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>The checkpoint, or null.</summary>
    Task<Checkpoint?> GetCheckpointAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The session's checkpoint with the highest <c>SeqNum</c>, then newest; or null.</summary>
    Task<Checkpoint?> GetLatestCheckpointAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// A session's checkpoints, newest first (highest <c>SeqNum</c>, then <c>CreatedAt</c> desc, then <c>Id</c> desc),
    /// paged; the first is <see cref="GetLatestCheckpointAsync"/>.
    /// </summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="limit">1 to 1000.</param>
    /// <param name="offset">0 or more.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<Checkpoint>> ListCheckpointsAsync(string sessionId, int limit, int offset = 0, CancellationToken cancellationToken = default);

    /// <summary>Creates or upgrades the schema of every built-in entity. Idempotent; safe to run concurrently.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The generic store of any <see cref="StorageEntityAttribute"/> record, built-in or the application's own,
    /// through the same generated mapping.
    /// </summary>
    IEntityStore<TEntity> Entities<TEntity>() where TEntity : class, Schema.IStorageEntity<TEntity>;
}
