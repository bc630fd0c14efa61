using Chronos.Storage.Providers;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

// A turn on Redis Cluster. The cluster layout (RedisLayout.ClusterOf) puts every record of a turn in its session's slot
// (session, events, counter, checkpoint, audit entries, their local index sets), so the commit is one single-slot
// script, all or nothing. What lives in other slots only points at records: the id locators and the entries of
// non-local index sets (sessions by agent, audit logs by agent). They are written before the script and checked by
// every reader against the record (a locator whose record is missing finds nothing; a listed entry counts only if the
// record's _ix field names it), so before the commit they are invisible and after it they are complete.
public sealed partial class RedisStorage
{
    /// <summary>
    /// Audit entries are in their session's slot on a cluster: an entry of another session (or of none) in a turn
    /// would make the script span two slots, so the turn is refused, before any write, rather than written in steps;
    /// a missing or stale session or a stored audit id is reported first, as the conflict it is (reads on this refusal
    /// path only).
    /// </summary>
    private async Task RequireOneSlotAsync(TurnWrite turn, CancellationToken cancellationToken)
    {
        if (turn.AuditLogs.FirstOrDefault(log => log.SessionId != turn.Session.Id) is not { } other) return;
        var current = await Sessions.GetAsync(turn.Session.Id, cancellationToken).ConfigureAwait(false);
        if (current is null || current.Version != turn.Session.Version) throw turn.SessionConflict(current?.Version);
        foreach (var log in turn.AuditLogs)
        {
            if (await EntityStore<AuditLog>().GetAsync(log.Id, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new DuplicateKeyException(nameof(AuditLog), log.Id, "id");
            }
        }
        throw new AtomicWriteNotSupportedException(BackendName, "CommitTurn",
            $"an audit entry ('{other.Id}') of session '{other.SessionId}' in a turn of another session on Redis Cluster (audit entries live in their session's hash slot)",
            turn.Session.Id);
    }

    /// <summary>
    /// Before the script, in one round trip: every locator set if absent (a locator naming another partition refuses
    /// the turn with <see cref="DuplicateKeyException"/>, as the single-node script does, after undoing this step) and
    /// every non-local index entry added.
    /// </summary>
    /// <returns>What this step wrote, so that a refused script can take it back.</returns>
    private async Task<OutsideWrites> WriteOutsideAsync(TurnScript script, CancellationToken cancellationToken)
    {
        var batch = _context.Database.CreateBatch();
        var locators = script.Locators.Select(l => batch.StringSetAndGetAsync(l.Key, l.Partition, null, false, When.NotExists)).ToArray();
        var entries = script.Entries.Select(e => batch.SortedSetAddAsync(e.Key, e.Member, 0)).ToArray();
        batch.Execute();
        var written = new OutsideWrites(
            await RedisContext.Run(Task.WhenAll(locators), CommitTurnOperation, cancellationToken).ConfigureAwait(false),
            await RedisContext.Run(Task.WhenAll(entries), CommitTurnOperation, cancellationToken).ConfigureAwait(false));
        for (var i = 0; i < written.PreviousPartitions.Length; i++)
        {
            var previous = written.PreviousPartitions[i];
            if (!previous.IsNull && previous != script.Locators[i].Partition)
            {
                await UndoOutsideAsync(script, written, cancellationToken).ConfigureAwait(false);
                throw script.LocatedElsewhere((string)script.Locators[i].Key!);
            }
        }
        return written;
    }

    /// <summary>
    /// After a committed script, in one round trip: the entries the writes replaced go (readers already skip them: the
    /// records name the new ones), and the new entries are added again, so that a reader that removed one as stale
    /// before the commit (its record did not name it yet) cannot leave the committed record unlisted.
    /// </summary>
    private async Task CompleteOutsideAsync(TurnScript script, RedisResult[] result, CancellationToken cancellationToken)
    {
        var batch = _context.Database.CreateBatch();
        var tasks = new List<Task>(script.Entries.Count + result.Length);
        foreach (var (key, member) in script.Entries) tasks.Add(batch.SortedSetAddAsync(key, member, 0));
        foreach (var locator in script.Locators)
        {
            // A locator goes with its record (native expiry); set only now that the record is written.
            if (locator.ExpireAtMilliseconds > 0) tasks.Add(batch.KeyExpireAsync(locator.Key, DateTimeOffset.FromUnixTimeMilliseconds(locator.ExpireAtMilliseconds).UtcDateTime));
        }
        for (var i = 2; i < result.Length; i++)
        {
            var (setKey, member) = RedisEntityStore<Session>.ParseEntry((string)result[i]!);
            tasks.Add(batch.SortedSetRemoveAsync(setKey, member));
        }
        if (tasks.Count == 0) return;
        batch.Execute();
        await RedisContext.Run(Task.WhenAll(tasks), CommitTurnOperation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The script wrote nothing: the locators and entries that <see cref="WriteOutsideAsync"/> created go again.</summary>
    private async Task UndoOutsideAsync(TurnScript script, OutsideWrites written, CancellationToken cancellationToken)
    {
        var batch = _context.Database.CreateBatch();
        var tasks = new List<Task>();
        for (var i = 0; i < written.PreviousPartitions.Length; i++)
        {
            if (!written.PreviousPartitions[i].IsNull) continue;
            var (key, partition, _, _, _) = script.Locators[i];
            tasks.Add(batch.ScriptEvaluateAsync(RedisScripts.DeleteLocator, [key], [partition]));
        }
        for (var i = 0; i < written.EntriesAdded.Length; i++)
        {
            if (written.EntriesAdded[i]) tasks.Add(batch.SortedSetRemoveAsync(script.Entries[i].Key, script.Entries[i].Member));
        }
        if (tasks.Count == 0) return;
        batch.Execute();
        await RedisContext.Run(Task.WhenAll(tasks), CommitTurnOperation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What <see cref="WriteOutsideAsync"/> found and did: each locator's previous value, whether each entry was new.</summary>
    private sealed record OutsideWrites(RedisValue[] PreviousPartitions, bool[] EntriesAdded);
}
