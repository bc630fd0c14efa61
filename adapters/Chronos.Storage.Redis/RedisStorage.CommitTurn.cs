using Chronos.Storage.Providers;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

// The turn as one RedisScripts.CommitTurn script: the session's versioned write, the events' batch, the checkpoint's
// upsert, the audit inserts. On a single node the locators and non-local index entries that a single write sends
// beside its script are in the script too; on a cluster (every record of the turn in the session's slot, by the
// cluster layout) they are written before it and made consistent after it (RedisStorage.ClusterTurn.cs).
public sealed partial class RedisStorage
{
    /// <inheritdoc />
    protected override async Task<CommittedTurn> CommitTurnCoreAsync(TurnWrite turn, CancellationToken cancellationToken)
    {
        var cluster = _context.IsCluster;
        if (cluster) await RequireOneSlotAsync(turn, cancellationToken).ConfigureAwait(false);
        var script = new TurnScript();
        var sessions = (RedisEntityStore<Session>)EntityStore<Session>();
        var session = sessions.Prepare(turn.UpdatedSession);
        script.Add("w", RedisEntityStore<Session>.WriteScript(session, RedisEntityStore<Session>.WriteMode.Update, turn.Session.Version), nameof(Session), session.Id);
        AddNonLocalEntries(script, session);
        var eventsPart = 0;
        if (!turn.Events.Events.IsEmpty || turn.Events.ExpectedLastSeq is not null)
        {
            var (keys, args) = AppendEventsScript(turn.Events, retryReturnsStored: false);
            eventsPart = script.Add("a", ([.. keys], [.. args]), nameof(Event), turn.Session.Id);
            foreach (var @event in turn.Events.Events) script.Locate(EventLocator(@event.Id), turn.Session.Id, nameof(Event), @event.Id);
        }
        if (turn.Checkpoint is { } checkpoint) AddRecord((RedisEntityStore<Checkpoint>)EntityStore<Checkpoint>(), script, checkpoint, RedisEntityStore<Checkpoint>.WriteMode.Upsert);
        foreach (var log in turn.AuditLogs) AddRecord((RedisEntityStore<AuditLog>)EntityStore<AuditLog>(), script, log, RedisEntityStore<AuditLog>.WriteMode.Insert);
        if (!cluster) script.AddExtras();

        var outside = cluster ? await WriteOutsideAsync(script, cancellationToken).ConfigureAwait(false) : null;
        RedisResult[] result;
        try
        {
            result = (RedisResult[])(await RedisContext.Run(_context.Database.ScriptEvaluateAsync(RedisScripts.CommitTurn, script.Keys(), script.Arguments(cluster)),
                CommitTurnOperation, cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception e) when (RedisContext.Map(e, CommitTurnOperation) is { } mapped)
        {
            throw mapped;
        }
        if ((string)result[0]! == "ok")
        {
            if (outside is not null) await CompleteOutsideAsync(script, result, cancellationToken).ConfigureAwait(false);
            return turn.Committed(turn.Events.Events.IsEmpty ? [] : turn.Events.Numbered((long)result[1] - 1));
        }
        if (outside is not null) await UndoOutsideAsync(script, outside, cancellationToken).ConfigureAwait(false);
        var part = (int)result[1];
        var reply = (RedisResult[])result[2]!;
        var status = (string)reply[0]!;
        if (status == "noperm") throw RedisContext.AclRefused($"{CommitTurnOperation} on session '{turn.Session.Id}'", $"{(string)reply[1]!} on the turn's keys");
        if (part == 1) throw await SessionRefusalAsync(turn, cancellationToken).ConfigureAwait(false);
        if (part == eventsPart) throw AppendRefusal(turn.Events, reply);
        if (status == "located") throw script.LocatedElsewhere((string)reply[1]!);
        var (entity, id) = script.Owner(part);
        throw new DuplicateKeyException(entity, id, "id");
    }

    /// <summary>
    /// The session's write found it missing or stale: a conflict; or, when the stored version matches but the turn moves
    /// the session to another agent (its key, in the agent's slot, changes), a refusal: that move is not one atomic step.
    /// (On a cluster the session's key does not depend on its agent, so there the move commits.)
    /// </summary>
    private async Task<Exception> SessionRefusalAsync(TurnWrite turn, CancellationToken cancellationToken)
    {
        var current = await Sessions.GetAsync(turn.Session.Id, cancellationToken).ConfigureAwait(false);
        return current is not null && current.Version == turn.Session.Version && current.AgentId != turn.Session.AgentId
            ? new AtomicWriteNotSupportedException(BackendName, "CommitTurn", "moving a session to another agent_id in the same turn (its key changes slot)", turn.Session.Id)
            : turn.SessionConflict(current?.Version);
    }

    private void AddRecord<TEntity>(RedisEntityStore<TEntity> store, TurnScript script, TEntity entity, RedisEntityStore<TEntity>.WriteMode mode)
        where TEntity : class, Schema.IStorageEntity<TEntity>
    {
        var record = store.Prepare(entity);
        var entityName = RedisEntityStore<TEntity>.Schema.EntityName;
        script.Add("w", RedisEntityStore<TEntity>.WriteScript(record, mode, 0), entityName, record.Id);
        if (store.Layout.UsesLocator) script.Locate(_context.Keys.Locator(store.Layout, record.Id), record.Partition, entityName, record.Id, record.ExpireAtMilliseconds);
        AddNonLocalEntries(script, record);
    }

    private static void AddNonLocalEntries<TEntity>(TurnScript script, RedisEntityStore<TEntity>.PreparedRecord record)
        where TEntity : class, Schema.IStorageEntity<TEntity>
    {
        foreach (var entry in record.Entries)
        {
            if (!entry.IsLocal) script.IndexEntry(entry.SetKey, entry.Member);
        }
    }

    /// <summary>The parts of one <see cref="RedisScripts.CommitTurn"/> call, flattened into its KEYS and ARGV.</summary>
    private sealed class TurnScript
    {
        private readonly List<(string Kind, List<RedisKey> Keys, List<RedisValue> Arguments, string Entity, string Id)> _parts = [];
        private readonly List<(RedisKey Key, RedisValue Partition, string Entity, string Id, long ExpireAtMilliseconds)> _locators = [];
        private readonly List<(RedisKey Key, RedisValue Member)> _entries = [];

        /// <summary>The id locators of the turn's records (each in its id's slot).</summary>
        public IReadOnlyList<(RedisKey Key, RedisValue Partition, string Entity, string Id, long ExpireAtMilliseconds)> Locators => _locators;

        /// <summary>The turn's entries in index sets outside the records' slot.</summary>
        public IReadOnlyList<(RedisKey Key, RedisValue Member)> Entries => _entries;

        /// <returns>The part's 1-based number, as the script reports it.</returns>
        public int Add(string kind, (List<RedisKey> Keys, List<RedisValue> Arguments) script, string entity, string id)
        {
            _parts.Add((kind, script.Keys, script.Arguments, entity, id));
            return _parts.Count;
        }

        // expireAtMilliseconds: the record's expiry (Unix ms), which its locator gets too; 0 for none.
        public void Locate(RedisKey key, RedisValue partition, string entity, string id, long expireAtMilliseconds = 0) =>
            _locators.Add((key, partition, entity, id, expireAtMilliseconds));

        public void IndexEntry(RedisKey key, RedisValue member) => _entries.Add((key, member));

        /// <summary>Single node: the locators and non-local entries become the script's last part.</summary>
        public void AddExtras()
        {
            if (_locators.Count + _entries.Count == 0) return;
            List<RedisValue> args = [_locators.Count, .. _locators.Select(l => l.Partition), .. _entries.Select(e => e.Member),
                .. _locators.Select(l => (RedisValue)l.ExpireAtMilliseconds)];
            Add("x", ([.. _locators.Select(l => l.Key), .. _entries.Select(e => e.Key)], args), "", "");
        }

        public (string Entity, string Id) Owner(int part) => (_parts[part - 1].Entity, _parts[part - 1].Id);

        public DuplicateKeyException LocatedElsewhere(string key)
        {
            var (_, _, entity, id, _) = _locators.First(l => (string)l.Key! == key);
            return new DuplicateKeyException(entity, id, "id");
        }

        public RedisKey[] Keys() => [.. _parts.SelectMany(p => p.Keys)];

        /// <param name="cluster">The script returns the replaced non-local entries instead of removing them.</param>
        public RedisValue[] Arguments(bool cluster)
        {
            List<RedisValue> args = [_parts.Count, cluster ? "1" : "0"];
            foreach (var part in _parts)
            {
                args.Add(part.Kind);
                args.Add(part.Keys.Count);
                args.Add(part.Arguments.Count);
            }
            foreach (var part in _parts) args.AddRange(part.Arguments);
            return [.. args];
        }
    }
}
