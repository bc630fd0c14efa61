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

    /// <summary>
    /// The element on a session or checkpoint holding a turn's staged version, <c>{txn, doc}</c>: readers see
    /// <c>doc</c> once <c>txn</c> has committed and the stored document until then (see the README, "Atomic turns").
    /// </summary>
    public const string StagedElement = "_next";

    private const string StagedTxn = StagedElement + ".txn";
    private const string MarkedElement = "marked";
    private const string StagedCollectionsElement = "staged";
    private const string StateElement = "state";
    private const string StartedElement = "started_at";
    private const string Pending = "pending";
    private const string Committed = "committed";
    private const string Aborted = "aborted";

    private readonly IMongoCollection<BsonDocument> _txns;
    private readonly IMongoDatabase _database;

    public MongoPendingWrites(IMongoDatabase database, TimeSpan abandonedAfter)
    {
        _database = database;
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
    /// <remarks>
    /// A turn names the collections it marks records in and stages versions in (<paramref name="marked"/>,
    /// <paramref name="staged"/>), kept on its document so that whoever settles or aborts it finds all of them; a batch
    /// names none and means <paramref name="records"/> alone.
    /// </remarks>
    public async Task<string> BeginAsync(IMongoCollection<BsonDocument> records, string sessionId, CancellationToken cancellationToken,
        IReadOnlyList<string>? marked = null, IReadOnlyList<string>? staged = null)
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
        var document = new BsonDocument
        {
            { "_id", batch },
            { "session_id", sessionId },
            { StateElement, Pending },
            { StartedElement, NowMicros() },
        };
        if (marked is not null) document.Add(MarkedElement, new BsonArray(marked));
        if (staged is not null) document.Add(StagedCollectionsElement, new BsonArray(staged));
        await _txns.InsertOneAsync(document, cancellationToken: cancellationToken).ConfigureAwait(false);
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
        var document = await _txns.Find(new BsonDocument("_id", txn)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var (markedIn, stagedIn) = Participants(records, document);
        foreach (var collection in stagedIn)
        {
            // Roll each staged version forward: the replacement is the staged document itself (no marker, no _next).
            var staged = await collection.Find(new BsonDocument(StagedTxn, txn)).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var record in staged)
            {
                await collection.ReplaceOneAsync(new BsonDocument { { "_id", record["_id"] }, { StagedTxn, txn } },
                    record[StagedElement]["doc"].AsBsonDocument, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        foreach (var collection in markedIn)
        {
            await collection.UpdateManyAsync(new BsonDocument(MarkerElement, txn), new BsonDocument("$unset", new BsonDocument(MarkerElement, "")),
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
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
        // Aborted or missing: nothing marked or staged with it may ever become visible, so its records and versions go.
        var (markedIn, stagedIn) = Participants(records, now);
        foreach (var collection in stagedIn)
        {
            await collection.UpdateManyAsync(new BsonDocument(StagedTxn, txn), new BsonDocument("$unset", new BsonDocument(StagedElement, "")),
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        foreach (var collection in markedIn)
        {
            await collection.DeleteManyAsync(new BsonDocument(MarkerElement, txn), cancellationToken).ConfigureAwait(false);
        }
        await _txns.DeleteOneAsync(new BsonDocument { { "_id", txn }, { StateElement, Aborted } }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The state of each batch in <paramref name="txns"/> (one query).</summary>
    public async Task<Dictionary<string, State>> StatesAsync(IReadOnlyCollection<string> txns, CancellationToken cancellationToken) =>
        (await StatesAndFoundAsync(txns, cancellationToken).ConfigureAwait(false)).States;

    /// <summary>The state of each batch in <paramref name="txns"/> and which of them still have a document (one query).</summary>
    private async Task<(Dictionary<string, State> States, HashSet<string> Found)> StatesAndFoundAsync(IReadOnlyCollection<string> txns, CancellationToken cancellationToken)
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
        return (states, found.Select(t => t["_id"].AsString).ToHashSet());
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
        for (var reread = 0; ; reread++)
        {
            var effective = excluded.Count == 0 ? filter : new BsonDocument(filter).Add(MarkerElement, new BsonDocument("$nin", excluded));
            var documents = await find(effective).ConfigureAwait(false);
            var markers = documents.Select(MarkerOf).OfType<string>().Distinct().ToList();
            var stagedBy = documents.Select(StagedTxnOf).OfType<string>().Distinct().ToList();
            if (markers.Count == 0 && stagedBy.Count == 0) return documents;
            var (states, found) = await StatesAndFoundAsync(markers.Concat(stagedBy).Distinct().ToList(), cancellationToken).ConfigureAwait(false);
            // A staged version whose batch document is gone was settled (rolled forward or removed) after we read: read again.
            // (A version still staged by a missing document after a few reads was orphaned: it never committed.)
            if (reread < 3 && stagedBy.Any(t => !found.Contains(t))) continue;
            var hidden = markers.Where(m => states[m] != State.Committed).ToList();
            if (hidden.Count == 0) return documents.Select(d => Resolved(d, states)).ToList();
            foreach (var marker in hidden) excluded.Add(marker);
        }
    }

    /// <summary>The batch marking <paramref name="record"/>, or null for a settled record.</summary>
    public static string? MarkerOf(BsonDocument record) =>
        record.TryGetValue(MarkerElement, out var marker) && marker.IsString ? marker.AsString : null;

    /// <summary>The turn that staged a version on <paramref name="record"/>, or null when none is staged.</summary>
    public static string? StagedTxnOf(BsonDocument record) =>
        record.TryGetValue(StagedElement, out var staged) && staged.IsBsonDocument && staged.AsBsonDocument.TryGetValue("txn", out var txn) && txn.IsString
            ? txn.AsString : null;

    /// <summary>
    /// Settles what marks or stages on <paramref name="records"/> of <paramref name="collection"/>: committed batches
    /// are settled, dead ones aborted and removed, and while one is in flight this waits a little (growing with
    /// <paramref name="attempt"/>). Returns false when nothing was marked or staged; otherwise the caller reads again.
    /// </summary>
    public async Task<bool> SettleAsync(IMongoCollection<BsonDocument> collection, IReadOnlyList<BsonDocument> records, int attempt, CancellationToken cancellationToken)
    {
        var txns = records.Select(MarkerOf).Concat(records.Select(StagedTxnOf)).OfType<string>().Distinct().ToList();
        if (txns.Count == 0) return false;
        var inFlight = false;
        foreach (var (txn, state) in await StatesAsync(txns, cancellationToken).ConfigureAwait(false))
        {
            switch (state)
            {
                case State.Committed:
                    await SettleCommittedAsync(collection, txn, cancellationToken).ConfigureAwait(false);
                    break;
                case State.Dead:
                    await AbortAndRemoveAsync(collection, txn, onlyIfAbandoned: true, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    inFlight = true;
                    break;
            }
        }
        if (inFlight) await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5 + (attempt * 10), 200)), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>What readers see of <paramref name="record"/>: its staged version once that committed, else itself.</summary>
    private static BsonDocument Resolved(BsonDocument record, Dictionary<string, State> states)
    {
        if (StagedTxnOf(record) is not { } txn) return record;
        if (states[txn] == State.Committed) return record[StagedElement]["doc"].AsBsonDocument;
        var current = new BsonDocument(record);
        current.Remove(StagedElement);
        return current;
    }

    /// <summary>The collections a batch marks records in and stages versions in (a batch without a list: just <paramref name="records"/>).</summary>
    private (List<IMongoCollection<BsonDocument>> Marked, List<IMongoCollection<BsonDocument>> Staged) Participants(
        IMongoCollection<BsonDocument> records, BsonDocument? txn)
    {
        if (txn is null || !txn.TryGetValue(MarkedElement, out var marked)) return ([records], []);
        var staged = txn.TryGetValue(StagedCollectionsElement, out var s) ? s.AsBsonArray : [];
        return (marked.AsBsonArray.Select(n => _database.GetCollection<BsonDocument>(n.AsString)).ToList(),
            staged.Select(n => _database.GetCollection<BsonDocument>(n.AsString)).ToList());
    }

    /// <summary>The start time (Unix microseconds) at or before which a pending batch is past its lease.</summary>
    private long LeaseCutoff() => NowMicros() - (AbandonedAfter.Ticks / 10);

    private static long NowMicros() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
