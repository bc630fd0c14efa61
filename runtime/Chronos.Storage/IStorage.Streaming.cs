namespace Chronos.Storage;

/// <summary>Streaming reads, the live ledger and keyset (cursor) pages: see the README's "Reading long ledgers".</summary>
public partial interface IStorage
{
    /// <summary>
    /// The session's events with <c>SeqNum &gt; afterSeq</c>, ascending, read lazily in pages of
    /// <see cref="Providers.StorageEngine.ReadEventsPageSize"/> by sequence number: memory stays flat whatever the ledger's
    /// length (one page at a time), and each page starts strictly after the last number returned, so events appended
    /// meanwhile are read once, in order, and never skipped.
    /// </summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="afterSeq">0 or more: the last number already seen.</param>
    /// <param name="cancellationToken">
    /// Cancels the read: the enumeration throws <see cref="OperationCanceledException"/> (a cancelled read is
    /// incomplete, and the caller must be able to tell), and the page in flight is abandoned.
    /// </param>
    IAsyncEnumerable<Event> ReadEventsAsync(string sessionId, long afterSeq = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// The session's ledger as a live stream: every event with <c>SeqNum &gt; afterSeq</c> that is stored now, then each
    /// new one as it is appended, in order, with no gap and no repeat; to resume after a restart, pass the last number
    /// handled. Backends with a push channel (PostgreSQL LISTEN/NOTIFY, Redis pub/sub) wake the watcher on append;
    /// the others poll with backoff. Either way the watcher reads from the ledger by sequence number, so a lost
    /// notification can delay an event (up to <see cref="Providers.StorageEngine.WatchSafetyPollInterval"/>), never lose it.
    /// </summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="afterSeq">0 or more: the last number already handled.</param>
    /// <param name="cancellationToken">
    /// Stops the watch: the enumeration then simply ends (no <see cref="OperationCanceledException"/>), because a
    /// watch has no other end and stopping it is its normal completion. Every event yielded before was complete.
    /// </param>
    IAsyncEnumerable<Event> WatchEventsAsync(string sessionId, long afterSeq = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// One keyset page of an agent's sessions, newest first (<c>CreatedAt</c> desc, then <c>Id</c> desc), the order of
    /// <see cref="ListSessionsAsync"/>. Unlike an offset, the token remembers the last record, so a walk from the
    /// first page to the last sees every session that existed when it started exactly once, whatever is inserted or
    /// deleted meanwhile.
    /// </summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="limit">1 to 1000.</param>
    /// <param name="continuationToken">Null for the first page; then the previous page's token, unchanged.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="StorageArgumentException">The token is malformed, altered, or from another list or agent (names <c>continuationToken</c>).</exception>
    Task<Page<Session>> ListSessionsPageAsync(string agentId, int limit, string? continuationToken = null, CancellationToken cancellationToken = default);

    /// <summary>One keyset page of an agent's audit log, newest first (the order of <see cref="ListAuditLogsAsync"/>).</summary>
    /// <inheritdoc cref="ListSessionsPageAsync" path="/param"/>
    /// <inheritdoc cref="ListSessionsPageAsync" path="/exception"/>
    Task<Page<AuditLog>> ListAuditLogsPageAsync(string agentId, int limit, string? continuationToken = null, CancellationToken cancellationToken = default);

    /// <summary>One keyset page of a session's audit log, newest first (the order of <see cref="ListSessionAuditLogsAsync"/>).</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="limit">1 to 1000.</param>
    /// <param name="continuationToken">Null for the first page; then the previous page's token, unchanged.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <inheritdoc cref="ListSessionsPageAsync" path="/exception"/>
    Task<Page<AuditLog>> ListSessionAuditLogsPageAsync(string sessionId, int limit, string? continuationToken = null, CancellationToken cancellationToken = default);

    /// <summary>One keyset page of a session's checkpoints, newest first (the order of <see cref="ListCheckpointsAsync"/>).</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="limit">1 to 1000.</param>
    /// <param name="continuationToken">Null for the first page; then the previous page's token, unchanged.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <inheritdoc cref="ListSessionsPageAsync" path="/exception"/>
    Task<Page<Checkpoint>> ListCheckpointsPageAsync(string sessionId, int limit, string? continuationToken = null, CancellationToken cancellationToken = default);
}
