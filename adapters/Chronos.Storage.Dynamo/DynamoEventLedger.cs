using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Dynamo;

/// <summary>
/// The event ledger's atomic append. The next sequence number comes from a counter item in the session's
/// <c>by_session</c> guard partition; one <c>TransactWriteItems</c> moves the counter (conditioned on the value read),
/// puts the event (conditioned on its id being new) and puts the <c>(session, seq)</c> guard (conditioned on the number
/// being free), so a number is used once, without gaps, whatever other processes do. Lost races are retried.
/// </summary>
internal sealed partial class DynamoEventLedger
{
    private const string CounterAttribute = "seq";
    private const string Operation = "AppendEvent";
    private static readonly DynamoLayout Layout = DynamoEntityStore<Event>.Keys.Layout;
    private static readonly int BySession = Layout.Indexes.IndexOf(Layout.Index(EventIndexes.BySession));

    private readonly DynamoContext _context;
    private readonly DynamoEntityStore<Event> _events;

    // Appends to one session from this process take turns, so they do not make each other's transactions fail;
    // other processes are handled by the conditions. Striped so that memory stays bounded.
    private readonly SemaphoreSlim[] _turns = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public DynamoEventLedger(DynamoContext context, DynamoEntityStore<Event> events)
    {
        _context = context;
        _events = events;
    }

    public async Task<Event> AppendAsync(Event @event, long? expectedLastSeq, CancellationToken cancellationToken)
    {
        var turn = TurnOf(@event.SessionId);
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await AppendInTurnAsync(@event, expectedLastSeq, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            turn.Release();
        }
    }

    private SemaphoreSlim TurnOf(string sessionId) => _turns[(uint)StringComparer.Ordinal.GetHashCode(sessionId) % (uint)_turns.Length];

    // Fenced (expectedLastSeq set): the counter read must equal it, and the transaction is conditioned on that value;
    // a lost race re-reads the counter, finds it moved, and ends in the conflict instead of taking the next number.
    private async Task<Event> AppendInTurnAsync(Event @event, long? expectedLastSeq, CancellationToken cancellationToken)
    {
        var counterKey = CounterKey(@event);
        var taken = 0L;
        for (var attempt = 1; ; attempt++)
        {
            var counter = await ReadCounterAsync(counterKey, cancellationToken).ConfigureAwait(false);
            if (expectedLastSeq is { } expected && Math.Max(counter, taken) != expected)
            {
                // Fenced out, unless this is a retry of an append that is stored (idempotent by id).
                var existing = await _events.GetItemAsync(@event.Id, Operation, cancellationToken).ConfigureAwait(false);
                return existing is not null
                    ? DynamoEntityStore<Event>.Read(existing)
                    : throw LedgerSequence.Conflict(@event.SessionId, expected, Math.Max(counter, taken));
            }
            // Numbers up to "taken" were found used without the counter knowing (records inserted through the generic
            // entity store): skip past them.
            var seq = @event.SeqNum > 0 ? @event.SeqNum : LedgerSequence.Next(@event.SessionId, @event.Id, Math.Max(counter, taken));
            var stored = @event with { SeqNum = seq };
            var record = _events.Build(stored);
            var guard = _events.Guards(record).Single();

            var put = _events.PutIfAbsent(record.Item).AsTransactPut();
            put.ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD;
            List<TransactWriteItem> items =
            [
                new() { Put = put },
                new() { Put = _events.PutIfAbsent(guard.Item).AsTransactPut() },
            ];
            if (seq > counter) items.Add(new TransactWriteItem { Update = AdvanceCounter(counterKey, counter, seq) });
            else if (expectedLastSeq is not null) items.Add(new TransactWriteItem { ConditionCheck = CounterUnchanged(counterKey, counter) });

            var reasons = await DynamoTransactions.TryWriteAsync(_context, Operation, items, cancellationToken).ConfigureAwait(false);
            if (reasons is null) return stored;
            if (DynamoTransactions.Failed(reasons, 0))
            {
                // The id exists: re-appending is idempotent and returns what is stored.
                var existing = reasons[0].Item is { Count: > 0 } old
                    ? old
                    : await _events.GetItemAsync(@event.Id, Operation, cancellationToken).ConfigureAwait(false);
                if (existing is not null) return DynamoEntityStore<Event>.Read(existing);
            }
            else if (DynamoTransactions.Failed(reasons, 1))
            {
                if (@event.SeqNum > 0)
                {
                    throw new DuplicateKeyException(nameof(Event), @event.Id, "session_id, seq_num");
                }
                taken = seq;
            }
            if (attempt >= _context.Options.MaxWriteAttempts) throw DynamoTransactions.Exhausted(Operation, attempt);
            // A moved counter is worth retrying at once; a conflict with a running transaction needs a pause.
            if (!DynamoTransactions.Failed(reasons, 2)) await DynamoTransactions.BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Dictionary<string, AttributeValue> CounterKey(Event @event) => CounterKey(@event.SessionId, @event.Id);

    /// <summary>The key of <paramref name="sessionId"/>'s sequence counter (<paramref name="anyId"/>: any event id, unused by the layout's session index).</summary>
    private static Dictionary<string, AttributeValue> CounterKey(string sessionId, string anyId)
    {
        var values = new IndexValue?[DynamoEntityStore<Event>.Keys.FieldCount];
        foreach (var ordinal in Layout.Indexes[BySession].MatchOrdinals) values[ordinal] = IndexValue.Of(sessionId);
        return new Dictionary<string, AttributeValue>
        {
            [DynamoLayout.PartitionKeyAttribute] = new() { S = DynamoEntityStore<Event>.Keys.IndexPartition(BySession, values, anyId)! },
            [DynamoLayout.SortKeyAttribute] = new() { S = DynamoLayout.CounterSortKey },
        };
    }

    private async Task<long> ReadCounterAsync(Dictionary<string, AttributeValue> key, CancellationToken cancellationToken)
    {
        var response = await _context.CallAsync(Operation,
            new GetItemRequest { TableName = _context.TableName, Key = key, ConsistentRead = true },
            static (c, r, ct) => c.GetItemAsync(r, ct), cancellationToken).ConfigureAwait(false);
        return response.Item is { } item && item.TryGetValue(CounterAttribute, out var value)
            ? long.Parse(value.N, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : 0;
    }

    /// <summary>A fenced append below the counter (a caller-chosen number) still holds only while the counter is unmoved.</summary>
    private ConditionCheck CounterUnchanged(Dictionary<string, AttributeValue> key, long read)
    {
        var advance = AdvanceCounter(key, read, read);
        return new ConditionCheck
        {
            TableName = advance.TableName,
            Key = advance.Key,
            ConditionExpression = advance.ConditionExpression,
            ExpressionAttributeNames = advance.ExpressionAttributeNames,
            ExpressionAttributeValues = read == 0 ? null : new() { [":read"] = advance.ExpressionAttributeValues[":read"] },
        };
    }

    private Update AdvanceCounter(Dictionary<string, AttributeValue> key, long read, long next) => new()
    {
        TableName = _context.TableName,
        Key = key,
        UpdateExpression = "SET #seq = :next",
        ConditionExpression = read == 0 ? "attribute_not_exists(#seq)" : "#seq = :read",
        ExpressionAttributeNames = new() { ["#seq"] = CounterAttribute },
        ExpressionAttributeValues = read == 0
            ? new() { [":next"] = new AttributeValue { N = next.ToString(CultureInfo.InvariantCulture) } }
            : new()
            {
                [":next"] = new AttributeValue { N = next.ToString(CultureInfo.InvariantCulture) },
                [":read"] = new AttributeValue { N = read.ToString(CultureInfo.InvariantCulture) },
            },
    };
}
