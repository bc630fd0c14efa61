using Chronos.Storage.Providers;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

// Batch append: one script in the session's slot (records, index, counter), sent in one batch with the events' id
// locators (each in its id's slot), so one round trip, on a single node or a cluster. The turn: one script over every
// record it writes (RedisStorage.CommitTurn.cs; on a cluster in the session's slot, RedisStorage.ClusterTurn.cs).
public sealed partial class RedisStorage
{
    private const string AppendEventsOperation = "append Event batch";
    private const string CommitTurnOperation = "commit turn";


    /// <inheritdoc />
    protected override async Task<IReadOnlyList<Event>> AppendEventsCoreAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        RedisResult[] result;
        RedisValue[] previous;
        try
        {
            var (keys, args) = AppendEventsScript(batch, retryReturnsStored: true);
            var redisBatch = _context.Database.CreateBatch();
            var script = redisBatch.ScriptEvaluateAsync(RedisScripts.AppendEvents, keys, args);
            var locators = batch.Events.Select(e => redisBatch.StringSetAndGetAsync(EventLocator(e.Id), batch.SessionId, null, false, When.NotExists)).ToArray();
            redisBatch.Execute();
            result = (RedisResult[])(await script.WaitAsync(cancellationToken).ConfigureAwait(false))!;
            previous = await Task.WhenAll(locators).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisContext.Map(e, AppendEventsOperation) is { } mapped)
        {
            throw mapped;
        }
        switch ((string)result[0]!)
        {
            case "ok":
                break;
            case "exists":
                // Every id is stored: a retry, answered with the stored events (their locators were already there).
                return [.. result.Skip(1).Select((r, i) => RedisEntityStore<Event>.Read(
                    ((RedisResult[])r!).Chunk(2).Select(p => new HashEntry((string)p[0]!, (RedisValue)p[1])).ToArray(), batch.Events[i].Id))];
            default:
                await ReleaseLocatorsAsync(batch, previous, cancellationToken).ConfigureAwait(false);
                throw AppendRefusal(batch, result);
        }
        var stored = batch.Numbered((long)result[1] - 1);
        // An id whose locator named another session: the single append's rule, per event (that session's event is the answer).
        var answer = stored.ToArray();
        for (var i = 0; i < answer.Length; i++)
        {
            if (!previous[i].IsNull && (string)previous[i]! != batch.SessionId) answer[i] = await AppendedInTwoSessionsAsync(answer[i], cancellationToken).ConfigureAwait(false);
        }
        return answer;
    }

    /// <summary>The typed error for a refusal of <see cref="RedisScripts.AppendEvents"/> (nothing was written).</summary>
    private static Exception AppendRefusal(EventBatch batch, RedisResult[] result)
    {
        switch ((string)result[0]!)
        {
            case "mixed":
                batch.StoredAnswer([.. result.Skip(1).Select((r, i) => (long)r == 1 ? batch.Events[i] : null)]); // throws
                break;
            case "dup":
                return new DuplicateKeyException(nameof(Event), (string)result[1]!, "id");
            case "conflict":
                return batch.Conflict((long)result[1]);
            case "taken":
                return new DuplicateKeyException(nameof(Event), batch.Events[(int)result[1] - 1].Id,
                    RedisEntityStore<Event>.Shape.HashFields[EventsBySession.MemberOrdinals[0]]);
            case "exhausted":
                batch.Numbered((long)result[1]); // throws SequenceExhaustedException naming the first event that does not fit
                break;
            case "noperm":
                return RedisContext.AclRefused($"{AppendEventsOperation} on session '{batch.SessionId}'", $"{(string)result[1]!} on the ledger's keys");
        }
        return new InvalidOperationException($"redis: unexpected reply '{(string)result[0]!}' from the batch append script.");
    }

    /// <summary>KEYS and ARGV of <see cref="RedisScripts.AppendEvents"/> for <paramref name="batch"/>.</summary>
    private (RedisKey[] Keys, RedisValue[] Arguments) AppendEventsScript(EventBatch batch, bool retryReturnsStored)
    {
        var layout = RedisEntityStore<Event>.Shape;
        var seqOrdinal = EventsBySession.MemberOrdinals[0];
        var setKey = _context.Keys.Index(EventsBySession, [IndexValue.Of(batch.SessionId)]);
        var keys = new RedisKey[2 + batch.Events.Length];
        keys[0] = setKey;
        keys[1] = RedisKeys.Counter(setKey);
        var args = new List<RedisValue>(8 + batch.Events.Length * 16)
        {
            batch.Events.Length, batch.ExpectedLastSeq ?? -1, StorageLimits.MaxSeqNum, layout.HashFields[seqOrdinal], EventsBySession.EntryField,
            batch.Events.IsEmpty || batch.StoreAssignsNumbers ? 0 : batch.Events[0].SeqNum, retryReturnsStored ? "1" : "0",
        };
        for (var i = 0; i < batch.Events.Length; i++)
        {
            var @event = batch.Events[i];
            keys[2 + i] = _context.Keys.Record(layout, batch.SessionId, @event.Id);
            var (pairs, count) = RedisEntityStore<Event>.ScriptArguments(@event, leading: 0, skippedOrdinal: seqOrdinal);
            args.Add(@event.Id);
            args.Add(count);
            args.AddRange(pairs);
        }
        return (keys, [.. args]);
    }

    private RedisKey EventLocator(string id) => _context.Keys.Locator(RedisEntityStore<Event>.Shape, id);

    /// <summary>The batch wrote nothing: the locators its batch set (absent before) go again.</summary>
    private Task ReleaseLocatorsAsync(EventBatch batch, RedisValue[] previous, CancellationToken cancellationToken)
    {
        var releases = new List<Task>();
        for (var i = 0; i < previous.Length; i++)
        {
            if (previous[i].IsNull)
            {
                releases.Add(_context.Database.ScriptEvaluateAsync(RedisScripts.DeleteLocator, [EventLocator(batch.Events[i].Id)], [batch.SessionId]));
            }
        }
        return RedisContext.Run(Task.WhenAll(releases), AppendEventsOperation, cancellationToken);
    }
}
