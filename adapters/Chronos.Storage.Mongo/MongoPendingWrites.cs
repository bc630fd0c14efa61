using MongoDB.Bson;
using MongoDB.Driver;

namespace Chronos.Storage.Mongo;

/// <summary>
/// The commit records of the ordered batch protocol (see the adapter README, "Batch append"): one document per batch in
/// <c>_chronos_txns</c> (<c>{_id, session_id, state: pending|committed|aborted, started_at}</c>), and the marker element
/// <see cref="MarkerElement"/> that every record written by a not-yet-settled batch carries. A marked record is visible
/// only while its batch's document says <c>committed</c>; the flip <c>pending -&gt; committed</c> (or
/// <c>pending -&gt; aborted</c> by a cleaner) is one conditional single-document update, so exactly one of them wins.
/// </summary>
internal sealed class MongoPendingWrites
{
    /// <summary>The collection holding one document per unsettled batch.</summary>
    public const string CollectionName = "_chronos_txns";

    /// <summary>The element naming the batch that wrote a record while it is unsettled (absent once settled).</summary>
    public const string MarkerElement = "_txn";

    private const string StateElement = "state";
    private const string StartedElement = "started_at";
    private const string Pending = "pending";
    private const string Committed = "committed";
    private const string Aborted = "aborted";

    private readonly IMongoCollection<BsonDocument> _txns;

    public MongoPendingWrites(IMongoDatabase database, TimeSpan abandonedAfter)
    {
        _txns = database.GetCollection<BsonDocument>(CollectionName);
        AbandonedAfter = abandonedAfter;
    }

    /// <summary>How long a pending batch may stay unsettled before another writer may abort it as abandoned.</summary>
    public TimeSpan AbandonedAfter { get; }

    /// <summary>Where a batch stands, as readers and writers see it.</summary>
    public enum State
    {
        /// <summary>Its commit point passed: its records are visible.</summary>
        Committed,

        /// <summary>Pending and within its lease: invisible, and it may still commit (writers wait for it).</summary>
        InFlight,

        /// <summary>Aborted, gone, or pending past its lease: invisible, and its records may be removed.</summary>
        Dead,
    }

    /// <summary>Creates the index that finds a session's batches by age (idempotent).</summary>
    public Task CreateIndexesAsync(CancellationToken cancellationToken) =>
        _txns.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            new BsonDocumentIndexKeysDefinition<BsonDocument>(new BsonDocument { { "session_id", 1 }, { StartedElement, 1 } }),
            new CreateIndexOptions { Name = "ix_txns_by_session" }), cancellationToken: cancellationToken);

    /// <summary>
    /// Records a new pending batch for <paramref name="sessionId"/> and returns its id. First settles the session's
    /// batch documents that are past the lease: a writer that died before inserting anything, or after clearing its
    /// markers but before dropping its document, left a document that no record leads to. Committed ones are settled
    /// (<see cref="SettleCommittedAsync"/>), others aborted and removed (<see cref="AbortAndRemoveAsync"/>).
    /// </summary>
    public async Task<string> BeginAsync(IMongoCollection<BsonDocument> records, string sessionId, CancellationToken cancellationToken)
    {
        var stale = await _txns.Find(new BsonDocument
        {
            { "session_id", sessionId },
            { StartedElement, new BsonDocument("$lte", LeaseCutoff()) },
        }).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var txn in stale)
        {
            var id = txn["_id"].AsString;
            if (txn[StateElement].AsString == Committed) await SettleCommittedAsync(records, id, cancellationToken).ConfigureAwait(false);
            else await AbortAndRemoveAsync(records, id, onlyIfAbandoned: true, cancellationToken).ConfigureAwait(false);
        }
        var batch = ObjectId.GenerateNewId().ToString();
        await _txns.InsertOneAsync(new BsonDocument
        {
            { "_id", batch },
            { "session_id", sessionId },
            { StateElement, Pending },
            { StartedElement, NowMicros() },
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return batch;
    }

    /// <summary>The commit point: <c>pending -&gt; committed</c>, true when this call made it (false: a cleaner aborted it).</summary>
    public async Task<bool> CommitAsync(string txn, CancellationToken cancellationToken)
    {
        var result = await _txns.UpdateOneAsync(
            new BsonDocument { { "_id", txn }, { StateElement, Pending } },
            new BsonDocument("$set", new BsonDocument(StateElement, Committed)),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.ModifiedCount == 1;
    }

    /// <summary>
    /// After the commit point: clears the markers of <paramref name="txn"/> in <paramref name="records"/>, then drops its
    /// document. Idempotent; readers treat a marked record of a missing batch by re-reading it (cleared: committed).
    /// </summary>
    public async Task SettleCommittedAsync(IMongoCollection<BsonDocument> records, string txn, CancellationToken cancellationToken)
    {
        await records.UpdateManyAsync(new BsonDocument(MarkerElement, txn), new BsonDocument("$unset", new BsonDocument(MarkerElement, "")),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        await _txns.DeleteOneAsync(new BsonDocument { { "_id", txn }, { StateElement, Committed } }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes a dead or losing batch: aborts it if still pending (a concurrent commit wins the flip, and then nothing is
    /// removed), deletes the records still marked with it, then its document. Returns false when it had committed or
    /// is still pending. <paramref name="onlyIfAbandoned"/>: true for another writer's batch, aborted only once its
    /// lease has run out.
    /// </summary>
    public async Task<bool> AbortAndRemoveAsync(IMongoCollection<BsonDocument> records, string txn, bool onlyIfAbandoned, CancellationToken cancellationToken)
    {
        var filter = new BsonDocument { { "_id", txn }, { StateElement, Pending } };
        if (onlyIfAbandoned) filter.Add(StartedElement, new BsonDocument("$lte", LeaseCutoff()));
        await _txns.UpdateOneAsync(filter, new BsonDocument("$set", new BsonDocument(StateElement, Aborted)), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var now = await _txns.Find(new BsonDocument("_id", txn)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var state = now?[StateElement].AsString;
        if (state is Committed or Pending) return false;
        // Aborted or missing: nothing marked with it may ever become visible, so its records go.
        await records.DeleteManyAsync(new BsonDocument(MarkerElement, txn), cancellationToken).ConfigureAwait(false);
        await _txns.DeleteOneAsync(new BsonDocument { { "_id", txn }, { StateElement, Aborted } }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The state of each batch in <paramref name="txns"/> (one query).</summary>
    public async Task<Dictionary<string, State>> StatesAsync(IReadOnlyCollection<string> txns, CancellationToken cancellationToken)
    {
        var states = txns.ToDictionary(t => t, _ => State.Dead);
        var found = await _txns.Find(new BsonDocument("_id", new BsonDocument("$in", new BsonArray(txns)))).ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var cutoff = LeaseCutoff();
        foreach (var txn in found)
        {
            states[txn["_id"].AsString] = txn[StateElement].AsString switch
            {
                Committed => State.Committed,
                Pending when txn[StartedElement].ToInt64() > cutoff => State.InFlight,
                _ => State.Dead,
            };
        }
        return states;
    }

    /// <summary>
    /// Runs <paramref name="find"/> with <paramref name="filter"/> and returns only what readers may see: when a result
    /// carries a marker whose batch has not committed, the query runs again excluding that batch (so limits and offsets
    /// count visible records only). Records of a missing batch are excluded too: if it committed, its markers were
    /// cleared before its document went, and the re-run returns them unmarked. Unmarked results cost nothing extra.
    /// </summary>
    public async Task<List<BsonDocument>> VisibleAsync(BsonDocument filter, Func<BsonDocument, Task<List<BsonDocument>>> find, CancellationToken cancellationToken)
    {
        var excluded = new BsonArray();
        while (true)
        {
            var effective = excluded.Count == 0 ? filter : new BsonDocument(filter).Add(MarkerElement, new BsonDocument("$nin", excluded));
            var documents = await find(effective).ConfigureAwait(false);
            var markers = documents.Select(MarkerOf).OfType<string>().Distinct().ToList();
            if (markers.Count == 0) return documents;
            var states = await StatesAsync(markers, cancellationToken).ConfigureAwait(false);
            var hidden = markers.Where(m => states[m] != State.Committed).ToList();
            if (hidden.Count == 0) return documents;
            foreach (var marker in hidden) excluded.Add(marker);
        }
    }

    /// <summary>The batch marking <paramref name="record"/>, or null for a settled record.</summary>
    public static string? MarkerOf(BsonDocument record) =>
        record.TryGetValue(MarkerElement, out var marker) && marker.IsString ? marker.AsString : null;

    /// <summary>The start time (Unix microseconds) at or before which a pending batch is past its lease.</summary>
    private long LeaseCutoff() => NowMicros() - (AbandonedAfter.Ticks / 10);

    private static long NowMicros() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
