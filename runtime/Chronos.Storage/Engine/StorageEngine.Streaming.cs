using System.Runtime.CompilerServices;

namespace Chronos.Storage.Providers;

/// <summary>
/// Streaming reads, the live ledger and keyset pages, written once over <see cref="IEntityStore{TEntity}.ListAsync"/>
/// (an index read strictly after a first-sort-key value, with a limit) which every backend already has: an adapter
/// adds at most a push channel (<see cref="OpenLedgerWakeupAsync"/>).
/// </summary>
public abstract partial class StorageEngine
{
    /// <summary>
    /// Events per page of <see cref="ReadEventsAsync"/> and <see cref="WatchEventsAsync"/>: one round trip per this many
    /// events, and at most this many events held at once (about 1 MB of memory with 500-byte payloads).
    /// </summary>
    public const int ReadEventsPageSize = 1000;

    /// <summary>The first pause of a polling watch after it found nothing new; doubled after each empty read.</summary>
    public static readonly TimeSpan WatchFirstPollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>The longest pause of a polling watch (the backoff's ceiling): an idle session costs one read per this.</summary>
    public static readonly TimeSpan WatchMaxPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a push watch waits for a wake-up before reading anyway: the bound on the delay a lost notification (a
    /// dropped listener connection, a writer that died between its commit and its publish) can cause.
    /// </summary>
    public static readonly TimeSpan WatchSafetyPollInterval = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public IAsyncEnumerable<Event> ReadEventsAsync(string sessionId, long afterSeq = 0, CancellationToken cancellationToken = default)
    {
        CheckLedgerRead(sessionId, afterSeq);
        return ReadEventsCoreAsync(sessionId, afterSeq, cancellationToken);
    }

    private async IAsyncEnumerable<Event> ReadEventsCoreAsync(string sessionId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = afterSeq;
        IReadOnlyList<Event>? page;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            page = await ReadLedgerPageAsync(sessionId, last, cancellationToken).ConfigureAwait(false);
            // Only an empty page ends the read: a short one may be a backend that dropped a stale index entry.
            if (page.Count == 0) yield break;
            foreach (var @event in page)
            {
                // A token cancelled while the consumer handles an event stops the read before the next one.
                cancellationToken.ThrowIfCancellationRequested();
                yield return @event;
            }
            last = page[^1].SeqNum;
            // Let the page go before the next one is read: at most one page is reachable at a time.
            page = null;
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<Event> WatchEventsAsync(string sessionId, long afterSeq = 0, CancellationToken cancellationToken = default)
    {
        CheckLedgerRead(sessionId, afterSeq);
        return WatchEventsCoreAsync(sessionId, afterSeq, cancellationToken);
    }

    private async IAsyncEnumerable<Event> WatchEventsCoreAsync(string sessionId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribed before the first read: an append that commits between a read and the wait sets the latch, so the
        // wait returns at once and the next read finds it.
        LedgerWakeup? wakeup = null;
        try
        {
            wakeup = await OpenLedgerWakeupAsync(sessionId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            yield break;
        }
        await using var _ = wakeup;
        var last = afterSeq;
        var pause = WatchFirstPollInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<Event>? page = null;
            try
            {
                page = await ReadLedgerPageAsync(sessionId, last, cancellationToken).ConfigureAwait(false);
                if (page.Count == 0)
                {
                    if (wakeup is not null)
                    {
                        await wakeup.WaitAsync(WatchSafetyPollInterval, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                        pause = pause * 2 < WatchMaxPollInterval ? pause * 2 : WatchMaxPollInterval;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping is a watch's normal end (documented on IStorage.WatchEventsAsync).
                yield break;
            }
            if (page.Count == 0) continue;
            pause = WatchFirstPollInterval;
            foreach (var @event in page)
            {
                yield return @event;
                // A consumer that cancels while handling an event ends the watch before the next one.
                if (cancellationToken.IsCancellationRequested) yield break;
            }
            last = page[^1].SeqNum;
        }
    }

    /// <summary>
    /// Opens this backend's push channel for one session's ledger: a <see cref="LedgerWakeup"/> the adapter signals
    /// when an append to <paramref name="sessionId"/> has committed, disposed when the watch ends. The default (null)
    /// makes <see cref="WatchEventsAsync"/> poll with backoff.
    /// </summary>
    protected virtual ValueTask<LedgerWakeup?> OpenLedgerWakeupAsync(string sessionId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<LedgerWakeup?>(null);

    private Task<IReadOnlyList<Event>> ReadLedgerPageAsync(string sessionId, long afterSeq, CancellationToken cancellationToken) =>
        Events.ListAsync(new IndexQuery(EventIndexes.BySession, sessionId) { After = afterSeq, Limit = ReadEventsPageSize }, cancellationToken);

    private void CheckLedgerRead(string sessionId, long afterSeq)
    {
        ThrowIfDisposed();
        Guard.Required(sessionId, nameof(sessionId), nameof(Event), "session_id");
        if (afterSeq < 0)
        {
            throw new StorageArgumentException(nameof(afterSeq), nameof(Event), "seq_num", $"'afterSeq' must be 0 or more; got {afterSeq}.");
        }
    }

    /// <inheritdoc />
    public Task<Page<Session>> ListSessionsPageAsync(string agentId, int limit, string? continuationToken = null, CancellationToken cancellationToken = default) =>
        KeysetPageAsync(Sessions, SessionIndexes.ByAgent, KeysetList.SessionsByAgent, agentId, nameof(agentId), "agent_id", limit, continuationToken,
            static s => new SortKey(StorageTime.ToUnixMicroseconds(s.CreatedAt), 0, s.Id), cancellationToken);

    /// <inheritdoc />
    public Task<Page<AuditLog>> ListAuditLogsPageAsync(string agentId, int limit, string? continuationToken = null, CancellationToken cancellationToken = default) =>
        KeysetPageAsync(AuditLogs, AuditLogIndexes.ByAgent, KeysetList.AuditLogsByAgent, agentId, nameof(agentId), "agent_id", limit, continuationToken,
            static a => new SortKey(StorageTime.ToUnixMicroseconds(a.CreatedAt), 0, a.Id), cancellationToken);

    /// <inheritdoc />
    public Task<Page<AuditLog>> ListSessionAuditLogsPageAsync(string sessionId, int limit, string? continuationToken = null, CancellationToken cancellationToken = default) =>
        KeysetPageAsync(AuditLogs, AuditLogIndexes.BySession, KeysetList.AuditLogsBySession, sessionId, nameof(sessionId), "session_id", limit, continuationToken,
            static a => new SortKey(StorageTime.ToUnixMicroseconds(a.CreatedAt), 0, a.Id), cancellationToken);

    /// <inheritdoc />
    public Task<Page<Checkpoint>> ListCheckpointsPageAsync(string sessionId, int limit, string? continuationToken = null, CancellationToken cancellationToken = default) =>
        KeysetPageAsync(Checkpoints, CheckpointIndexes.BySession, KeysetList.CheckpointsBySession, sessionId, nameof(sessionId), "session_id", limit, continuationToken,
            static c => new SortKey(c.SeqNum, StorageTime.ToUnixMicroseconds(c.CreatedAt), c.Id), cancellationToken);

    /// <summary>A record's place in a descending index whose sort keys are two integers (the second 0 if absent) and the id.</summary>
    private readonly record struct SortKey(long First, long Second, string Id)
    {
        /// <summary>Whether this record comes strictly after <paramref name="position"/> in descending order.</summary>
        public bool IsAfter(KeysetPosition position) =>
            First != position.First ? First < position.First
            : Second != position.Second ? Second < position.Second
            : CodePointOrder.Compare(Id, position.Id) < 0;
    }

    /// <summary>
    /// One keyset page along a descending index whose first sort key is an integer or an instant, written over the
    /// one read every backend has (strictly after a first-key value, with a limit). The token holds the last record's
    /// full sort key and how many records share its first key up to it (<see cref="KeysetPosition.TiesSeen"/>). The
    /// next page reads from the start of that first key (after <c>First + 1</c>: descending, so first key &lt;= it),
    /// <c>limit + 1 + TiesSeen</c> records, and drops those not strictly after the position by comparing full sort
    /// keys: no offset is trusted, so records inserted or deleted anywhere meanwhile cannot make the walk skip or
    /// repeat one. The cost is the ties re-read, which only a burst of records with the same instant (or checkpoints
    /// with the same sequence number) makes large.
    /// </summary>
    private async Task<Page<T>> KeysetPageAsync<T>(
        IEntityStore<T> store, string index, KeysetList list, string matchId, string paramName, string field, int limit, string? continuationToken,
        Func<T, SortKey> keyOf, CancellationToken cancellationToken)
        where T : class, Schema.IStorageEntity<T>
    {
        ThrowIfDisposed();
        var entity = T.Schema.EntityName;
        Guard.Required(matchId, paramName, entity, field);
        Guard.Limit(limit);
        KeysetPosition? position = continuationToken is null ? null : ContinuationToken.Decode(continuationToken, list, matchId, entity);
        cancellationToken.ThrowIfCancellationRequested();

        var skip = position?.TiesSeen ?? 0;
        while (true)
        {
            // Inclusive of the position's first key (descending: "after First + 1" is "at most First").
            var window = limit + 1 + skip;
            var query = new IndexQuery(index, matchId) { Limit = window };
            if (position is { } at) query = query with { After = IndexValueOfFirst(T.Schema, index, at.First + 1) };
            var read = await store.ListAsync(query, cancellationToken).ConfigureAwait(false);

            var start = 0;
            if (position is { } from)
            {
                while (start < read.Count && !keyOf(read[start]).IsAfter(from)) start++;
            }
            var fresh = read.Count - start;
            if (fresh <= limit && read.Count == window && window < int.MaxValue - limit)
            {
                // The window was full yet too few records follow the position: records sharing its first key were
                // inserted before it meanwhile. Widen the window past them and read again.
                skip += limit + 1 - fresh;
                continue;
            }
            var count = Math.Min(limit, fresh);
            var items = new T[count];
            for (var i = 0; i < count; i++) items[i] = read[start + i];
            if (fresh <= limit) return new Page<T>(items, null);

            var lastKey = keyOf(items[^1]);
            var ties = 0;
            for (var i = start + count - 1; i >= 0 && keyOf(read[i]).First == lastKey.First; i--) ties++;
            return new Page<T>(items, ContinuationToken.Encode(list, matchId, new KeysetPosition(lastKey.First, lastKey.Second, lastKey.Id, ties)));
        }
    }

    /// <summary>The first sort key of <paramref name="index"/> as a value of its declared kind (an instant or an integer).</summary>
    private static IndexValue IndexValueOfFirst(Schema.EntitySchema schema, string index, long value) =>
        schema.Fields[schema.Index(index).Order[0].Ordinal].Kind == Schema.FieldKind.DateTime
            ? IndexValue.Of(StorageTime.FromUnixMicroseconds(value))
            : IndexValue.Of(value);
}
