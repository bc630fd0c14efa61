using Amazon.DynamoDBv2.Model;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Dynamo;

// A batch of events (and, for a turn, the caller's other items) in one TransactWriteItems: per event its record
// (put if absent) and its (session, seq) guard (put if absent), then the counter moved once to the batch's last number
// (conditioned on the value read). Refused before sending when over the transaction's 100 items or 4 MB.
internal sealed partial class DynamoEventLedger
{
    /// <summary>DynamoDB's most items in one TransactWriteItems.</summary>
    public const int MaxTransactionItems = 100;

    /// <summary>DynamoDB's largest TransactWriteItems request (4 MB).</summary>
    public const long MaxTransactionBytes = 4L * 1024 * 1024;

    /// <summary>Items an event takes in a transaction: its record and its (session, seq) guard.</summary>
    public const int ItemsPerEvent = 2;

    /// <summary>
    /// Writes <paramref name="batch"/> with <paramref name="others"/> in one transaction (retried on lost races).
    /// When one of <paramref name="others"/> fails its condition, <paramref name="otherFailed"/> gets the reasons and
    /// the index of the first other item, and returns the error to throw.
    /// </summary>
    public async Task<IReadOnlyList<Event>> AppendBatchAsync(
        EventBatch batch, IReadOnlyList<TransactWriteItem> others, Func<IReadOnlyList<CancellationReason>, int, Task<Exception>>? otherFailed,
        string operation, CancellationToken cancellationToken)
    {
        var turn = TurnOf(batch.SessionId);
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await AppendBatchInTurnAsync(batch, others, otherFailed, operation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            turn.Release();
        }
    }

    private async Task<IReadOnlyList<Event>> AppendBatchInTurnAsync(
        EventBatch batch, IReadOnlyList<TransactWriteItem> others, Func<IReadOnlyList<CancellationReason>, int, Task<Exception>>? otherFailed,
        string operation, CancellationToken cancellationToken)
    {
        var counterKey = CounterKey(batch.SessionId, batch.Events.IsEmpty ? "" : batch.Events[0].Id);
        var taken = 0L;
        for (var attempt = 1; ; attempt++)
        {
            var counter = await ReadCounterAsync(counterKey, cancellationToken).ConfigureAwait(false);
            var last = Math.Max(counter, taken);
            if (batch.IsFencedOut(last))
            {
                // Fenced out, unless this is a retry of a batch that is stored.
                return batch.StoredAnswer(await StoredAsync(batch, operation, cancellationToken).ConfigureAwait(false)) ?? throw batch.Conflict(last);
            }
            var numbered = batch.Numbered(last);
            var items = new List<TransactWriteItem>(ItemsPerEvent * numbered.Length + 1 + others.Count);
            foreach (var @event in numbered)
            {
                var record = _events.Build(@event);
                items.Add(new TransactWriteItem { Put = _events.PutIfAbsent(record.Item).AsTransactPut() });
                items.Add(new TransactWriteItem { Put = _events.PutIfAbsent(_events.Guards(record).Single().Item).AsTransactPut() });
            }
            var top = numbered.IsEmpty ? 0 : numbered[^1].SeqNum;
            var counterIndex = items.Count;
            if (top > counter) items.Add(new TransactWriteItem { Update = AdvanceCounter(counterKey, counter, top) });
            else if (batch.ExpectedLastSeq is not null) items.Add(new TransactWriteItem { ConditionCheck = CounterUnchanged(counterKey, counter) });
            var firstOther = items.Count;
            items.AddRange(others);
            CheckSize(batch.SessionId, operation, items);

            var reasons = await DynamoTransactions.TryWriteAsync(_context, operation, items, cancellationToken).ConfigureAwait(false);
            if (reasons is null) return numbered;
            for (var i = firstOther; i < items.Count; i++)
            {
                if (DynamoTransactions.Failed(reasons, i)) throw await otherFailed!(reasons, firstOther).ConfigureAwait(false);
            }
            var recordFailed = false;
            var guardFailed = -1;
            for (var i = 0; i < numbered.Length; i++)
            {
                recordFailed |= DynamoTransactions.Failed(reasons, ItemsPerEvent * i);
                if (DynamoTransactions.Failed(reasons, ItemsPerEvent * i + 1)) guardFailed = i;
            }
            if (recordFailed)
            {
                // Some ids are stored: a retry (every id) or a refusal. Read them all: servers differ in how many
                // failed conditions they report.
                if (batch.StoredAnswer(await StoredAsync(batch, operation, cancellationToken).ConfigureAwait(false)) is { } answer) return answer;
            }
            else if (guardFailed >= 0)
            {
                if (!batch.StoreAssignsNumbers) throw new DuplicateKeyException(nameof(Event), numbered[guardFailed].Id, "session_id, seq_num");
                // Numbers used without the counter knowing (records inserted through the generic store): skip past them.
                taken = numbered[guardFailed].SeqNum;
            }
            if (attempt >= _context.Options.MaxWriteAttempts) throw DynamoTransactions.Exhausted(operation, attempt);
            if (!DynamoTransactions.Failed(reasons, counterIndex)) await DynamoTransactions.BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What is stored under each of the batch's ids (null: nothing), read in parallel.</summary>
    private async Task<Event?[]> StoredAsync(EventBatch batch, string operation, CancellationToken cancellationToken)
    {
        var items = await Task.WhenAll(batch.Events.Select(e => _events.GetItemAsync(e.Id, operation, cancellationToken))).ConfigureAwait(false);
        return [.. items.Select(item => item is null ? null : DynamoEntityStore<Event>.Read(item))];
    }

    /// <summary>Refuses, before sending, a transaction over DynamoDB's 100 items or 4 MB.</summary>
    public static void CheckSize(string sessionId, string operation, List<TransactWriteItem> items)
    {
        if (items.Count > MaxTransactionItems)
        {
            throw new BatchTooLargeException(DynamoContext.Backend, operation, sessionId, items.Count, MaxTransactionItems, "items");
        }
        long bytes = 0;
        foreach (var item in items)
        {
            if (item.Put is { } put) bytes += DynamoItemSize.Measure(put.Item).Size;
            else if ((item.Update?.Key ?? item.ConditionCheck?.Key) is { } key) bytes += DynamoItemSize.Measure(key).Size;
        }
        if (bytes > MaxTransactionBytes)
        {
            throw new BatchTooLargeException(DynamoContext.Backend, operation, sessionId, bytes, MaxTransactionBytes, "bytes");
        }
    }
}
