using Chronos.Storage.Mongo.Bson;
using Chronos.Storage.Providers;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Chronos.Storage.Mongo;

/// <summary>
/// Appends events with gap-free per-session numbering and no transactions: the unique <c>(session_id, seq_num)</c>
/// index is the only arbiter. An append reads the session's highest number (one seek on that index), inserts at the
/// next one, and on a collision moves on to the next free number. A number therefore exists only if its event does:
/// a crashed, cancelled or failed append leaves nothing behind, so concurrent appends always yield exactly 1..N.
/// </summary>
/// <remarks>
/// Why not a counter document advanced with <c>findOneAndUpdate {$inc}</c> before the insert: the increment and the
/// insert are two writes, and without a transaction any failure between them (timeout, crash, cancellation, or the
/// insert finding the id already stored) burns a number and leaves a permanent gap; a counter also goes stale when
/// events are deleted or written with caller-chosen numbers. Reading the tail of the unique index costs the same one
/// index seek as reading a counter on MongoDB, and needs no repair.
/// </remarks>
internal sealed class MongoEventLedger
{
    // The ledger's index: match = session_id, order = seq_num (named by the spec, not hard-coded here).
    private static readonly MongoIndexLayout SeqIndex = LayoutOf<Event>().Index(EventIndexes.BySession);
    private static readonly string SessionElement = SeqIndex.Keys[0].Element;
    private static readonly string SeqElement = SeqIndex.Keys[1].Element;
    private static readonly string SeqIndexName = SeqIndex.Name;

    private readonly MongoEntityStore<Event> _events;

    public MongoEventLedger(MongoEntityStore<Event> events) => _events = events;

    /// <summary>The events' collection and the batch protocol's commit records (for <see cref="MongoEventBatches"/>).</summary>
    public MongoEntityStore<Event> Events => _events;

    /// <summary>The element holding the session id (the seq index's match field).</summary>
    public static string SessionField => SessionElement;

    /// <summary>The element holding the sequence number.</summary>
    public static string SeqField => SeqElement;

    /// <summary>True when a duplicate-key error is on the (session_id, seq_num) index, not on the id.</summary>
    public static bool IsOnSeqIndex(Exception e) => MongoErrors.DuplicateKeyMessage(e).Contains(SeqIndexName, StringComparison.Ordinal);

    /// <summary>Appends <paramref name="event"/> (already validated and normalized by the engine).</summary>
    /// <remarks>
    /// Fenced (<paramref name="expectedLastSeq"/> set): the tail must equal it, and the event goes at exactly the next
    /// number; losing that number on the unique index to another writer is a conflict, never a move to the next one.
    /// So of writers that read the same tail, the unique index lets exactly one insert.
    /// </remarks>
    public Task<Event> AppendAsync(Event @event, long? expectedLastSeq, CancellationToken cancellationToken) =>
        MongoErrors.Run("AppendEvent", async () =>
        {
            var callerSupplied = @event.SeqNum > 0;
            long? tail = null;
            if (expectedLastSeq is { } expected)
            {
                tail = await TailAsync(@event.SessionId, cancellationToken).ConfigureAwait(false);
                if (tail != expected) return await StoredOrConflictAsync(@event, expected, cancellationToken).ConfigureAwait(false);
            }
            var next = callerSupplied
                ? @event.SeqNum
                : LedgerSequence.Next(@event.SessionId, @event.Id, tail ?? await TailAsync(@event.SessionId, cancellationToken).ConfigureAwait(false));
            for (var attempt = 0; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var candidate = @event with { SeqNum = next };
                try
                {
                    await _events.Collection.InsertOneAsync(BsonEntityMapper.ToDocument(candidate), cancellationToken: cancellationToken)
                        .ConfigureAwait(false);
                    return candidate;
                }
                catch (Exception e) when (MongoErrors.IsDuplicateKey(e))
                {
                    // An unsettled batch holding the id or the number is settled first (committed: it stays; dead:
                    // removed; in flight: waited for), then the same number is tried again.
                    var holders = await _events.Collection.Find(new BsonDocument("$or", new BsonArray
                    {
                        MongoEntityStore<Event>.ById(@event.Id),
                        new BsonDocument { { SessionElement, @event.SessionId }, { SeqElement, next } },
                    })).ToListAsync(cancellationToken).ConfigureAwait(false);
                    if (await SettleAsync(holders, attempt, cancellationToken).ConfigureAwait(false)) continue;
                    var onSeqIndex = IsOnSeqIndex(e);
                    if (!onSeqIndex || callerSupplied)
                    {
                        // The id may be stored already: re-appending it returns the stored event and writes nothing.
                        var stored = await _events.GetAsync(@event.Id, cancellationToken).ConfigureAwait(false);
                        if (stored is not null) return stored;
                        if (callerSupplied)
                        {
                            throw new DuplicateKeyException(nameof(Event), @event.Id, SessionElement + "," + SeqElement, e);
                        }
                    }
                    if (expectedLastSeq is { } fence) return await StoredOrConflictAsync(@event, fence, cancellationToken).ConfigureAwait(false);
                    // Someone else took this number: move to the next free one (never backwards, so no number repeats).
                    next = LedgerSequence.Next(@event.SessionId, @event.Id,
                        Math.Max(next, await TailAsync(@event.SessionId, cancellationToken).ConfigureAwait(false)));
                }
            }
        });

    private static MongoLayout LayoutOf<TEntity>() where TEntity : Schema.IStorageEntity<TEntity> => MongoLayout.Of<TEntity>();

    /// <summary>A fenced append lost: the stored event when its id is stored (a retry), else the conflict with the tail now.</summary>
    private async Task<Event> StoredOrConflictAsync(Event @event, long expected, CancellationToken cancellationToken) =>
        await _events.GetAsync(@event.Id, cancellationToken).ConfigureAwait(false)
            ?? throw LedgerSequence.Conflict(@event.SessionId, expected, await TailAsync(@event.SessionId, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The session's highest committed sequence number, or 0. An unsettled batch at the tail is settled first: its
    /// markers cleared when it committed, its records removed when it is dead, and waited for while in flight, so no
    /// writer ever numbers past records that may still vanish (which would leave a gap).
    /// </summary>
    public async Task<long> TailAsync(string sessionId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var last = await _events.Collection.Find(new BsonDocument(SessionElement, sessionId))
                .Sort(new BsonDocument(SeqElement, -1))
                .Limit(1)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (last is null) return 0;
            if (MongoPendingWrites.MarkerOf(last) is null) return last[SeqElement].ToInt64();
            await SettleAsync([last], attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Settles the unsettled batches that marked <paramref name="records"/> (raw documents, markers included): clears
    /// the markers of committed ones, aborts and removes dead ones (pending past the lease, aborted, or gone), and waits
    /// a little (growing with <paramref name="attempt"/>) while one is in flight. Returns false when none was marked;
    /// otherwise the caller reads again.
    /// </summary>
    public Task<bool> SettleAsync(IReadOnlyList<BsonDocument> records, int attempt, CancellationToken cancellationToken) =>
        _events.Pending.SettleAsync(_events.Collection, records, attempt, cancellationToken);
}
