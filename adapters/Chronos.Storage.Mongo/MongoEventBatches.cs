using Chronos.Storage.Mongo.Bson;
using Chronos.Storage.Providers;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Chronos.Storage.Mongo;

/// <summary>
/// Batch append without multi-document transactions: an ordered protocol with a single-document commit point whose
/// partial states no reader of this library sees (the adapter README, "Batch append", states it step by step).
/// <list type="number">
/// <item>Settle what is in the way (unsettled batches holding the ids or the tail), apply the engine's rules to what is
/// stored (<see cref="EventBatch.StoredAnswer"/>, <see cref="EventBatch.IsFencedOut"/>) and number the events.</item>
/// <item>Record a pending batch document in <c>_chronos_txns</c>.</item>
/// <item>Insert the events, each marked with the batch id (readers hide them; the unique indexes reserve ids and
/// numbers). A collision aborts the batch, removes its records and starts over, or refuses (fenced, supplied numbers).</item>
/// <item>Commit point: the batch document's <c>pending -&gt; committed</c> flip, one conditional update.</item>
/// <item>Settle: clear the markers, drop the batch document (idempotent; readers and writers finish it if this
/// process dies first).</item>
/// </list>
/// </summary>
internal sealed class MongoEventBatches
{
    private readonly MongoEventLedger _ledger;

    public MongoEventBatches(MongoEventLedger ledger) => _ledger = ledger;

    /// <summary>
    /// Test hook, called after each protocol step ("begun", "inserted", "committed") with the batch id. An exception it
    /// throws ends the append there without any cleanup, exactly as a process dying at that point would leave it.
    /// </summary>
    internal Func<string, string, Task>? AfterStep { get; set; }

    private IMongoCollection<BsonDocument> Collection => _ledger.Events.Collection;

    private MongoPendingWrites Pending => _ledger.Events.Pending;

    /// <summary>Appends <paramref name="batch"/> all or nothing (validated and normalized by the engine).</summary>
    public Task<IReadOnlyList<Event>> AppendAsync(EventBatch batch, CancellationToken cancellationToken) =>
        MongoErrors.Run("AppendEvents", () => CommitAsync(batch, turn: null, cancellationToken));

    /// <summary>
    /// Commits <paramref name="batch"/>, and with it the rest of <paramref name="turn"/> when given, all or nothing: the
    /// turn's checks run before the batch document is recorded, its versions are staged and its records inserted
    /// (marked) before the commit point, and its settling is the batch's.
    /// </summary>
    public async Task<IReadOnlyList<Event>> CommitAsync(EventBatch batch, MongoTurnParts? turn, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (turn is not null && await turn.SettleInTheWayAsync(attempt, cancellationToken).ConfigureAwait(false)) continue;
            var ids = new BsonArray(batch.Events.Select(e => e.Id));
            var byId = ids.Count == 0 ? [] : await Collection.Find(new BsonDocument(MongoLayout.IdElement, new BsonDocument("$in", ids)))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (await _ledger.SettleAsync(byId, attempt, cancellationToken).ConfigureAwait(false)) continue;
            var stored = batch.Events.Select(e => byId.Find(d => d[MongoLayout.IdElement].AsString == e.Id) is { } d
                ? BsonEntityMapper.FromDocument<Event>(d) : null).ToList();
            if (batch.StoredAnswer(stored) is { } retried) return retried;

            var tail = await _ledger.TailAsync(batch.SessionId, cancellationToken).ConfigureAwait(false);
            if (batch.IsFencedOut(tail)) throw batch.Conflict(tail);
            var numbered = batch.Numbered(tail);
            if (!batch.StoreAssignsNumbers && numbered.Length > 0 && await SuppliedNumbersTakenAsync(batch, numbered, attempt, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var txn = await Pending.BeginAsync(Collection, batch.SessionId, cancellationToken, turn?.Marked, turn?.Staged).ConfigureAwait(false);
            try
            {
                await StepAsync("begun", txn).ConfigureAwait(false);
                if (turn is not null && !await turn.StageAsync(txn, StepAsync, cancellationToken).ConfigureAwait(false))
                {
                    // Lost the session's version or the checkpoint to another writer after we read: go, and see why next round.
                    await Pending.AbortAndRemoveAsync(Collection, txn, onlyIfAbandoned: false, CancellationToken.None).ConfigureAwait(false);
                    continue;
                }
                var documents = numbered.Select(e => BsonEntityMapper.ToDocument(e).Add(MongoPendingWrites.MarkerElement, txn)).ToList();
                try
                {
                    if (documents.Count > 0)
                    {
                        await Collection.InsertManyAsync(documents, new InsertManyOptions { IsOrdered = true }, cancellationToken).ConfigureAwait(false);
                    }
                    if (turn is not null) await turn.InsertAsync(txn, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (MongoErrors.IsDuplicateKey(e))
                {
                    // Another writer took an id or a number after we read: this batch goes, and the next round sees why.
                    await Pending.AbortAndRemoveAsync(Collection, txn, onlyIfAbandoned: false, CancellationToken.None).ConfigureAwait(false);
                    continue;
                }
                await StepAsync("inserted", txn).ConfigureAwait(false);
                if (!await Pending.CommitAsync(txn, cancellationToken).ConfigureAwait(false))
                {
                    // Another writer aborted us as abandoned (we outlived the lease): our records go; start over.
                    await Pending.AbortAndRemoveAsync(Collection, txn, onlyIfAbandoned: false, CancellationToken.None).ConfigureAwait(false);
                    continue;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or MongoException or TimeoutException or DuplicateKeyException)
            {
                // Cancelled, refused or cut off before the commit point was confirmed: abort if still pending (a commit
                // that did land wins the flip, and then nothing is removed and a retry returns the stored events).
                await TryAbortAsync(txn).ConfigureAwait(false);
                throw;
            }
            await StepAsync("committed", txn).ConfigureAwait(false);
            await TrySettleAsync(txn).ConfigureAwait(false);
            return numbered;
        }
    }

    /// <summary>
    /// For caller-supplied numbers: true when an unsettled batch holds one of them (settled now; read again); throws
    /// <see cref="DuplicateKeyException"/> when a committed event holds one.
    /// </summary>
    private async Task<bool> SuppliedNumbersTakenAsync(EventBatch batch, IReadOnlyList<Event> numbered, int attempt, CancellationToken cancellationToken)
    {
        var range = new BsonDocument { { "$gte", numbered[0].SeqNum }, { "$lte", numbered[^1].SeqNum } };
        var taken = await Collection.Find(new BsonDocument { { MongoEventLedger.SessionField, batch.SessionId }, { MongoEventLedger.SeqField, range } })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (await _ledger.SettleAsync(taken, attempt, cancellationToken).ConfigureAwait(false)) return true;
        if (taken.Count == 0) return false;
        var seq = taken[0][MongoEventLedger.SeqField].ToInt64();
        var clash = numbered.First(e => e.SeqNum == seq);
        throw new DuplicateKeyException(nameof(Event), clash.Id, MongoEventLedger.SessionField + "," + MongoEventLedger.SeqField);
    }

    private Task StepAsync(string step, string txn) => AfterStep is { } hook ? hook(step, txn) : Task.CompletedTask;

    private async Task TryAbortAsync(string txn)
    {
        try
        {
            await Pending.AbortAndRemoveAsync(Collection, txn, onlyIfAbandoned: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            // Unreachable now: the batch stays pending and the next writer removes it once its lease runs out.
        }
    }

    private async Task TrySettleAsync(string txn)
    {
        try
        {
            await Pending.SettleCommittedAsync(Collection, txn, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            // Committed already: readers see it through the batch document, and the next writer clears the markers.
        }
    }
}
