using Chronos.Storage.Providers;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

// The turn as one RedisScripts.CommitTurn script: the session's versioned write, the events' batch, the checkpoint's
// upsert, the audit inserts, and the locators and non-local index entries that a single write sends beside its script.
public sealed partial class RedisStorage
{
    /// <inheritdoc />
    protected override async Task<CommittedTurn> CommitTurnCoreAsync(TurnWrite turn, CancellationToken cancellationToken)
    {
        if (IsCluster)
        {
            throw new AtomicWriteNotSupportedException(BackendName, "CommitTurn",
                "a script over keys in several hash slots (a session's record is in its agent's slot, its events and checkpoints in the session's; Redis Cluster runs a script in one slot)",
                turn.Session.Id);
        }
        var script = new TurnScript();
        var session = ((RedisEntityStore<Session>)EntityStore<Session>()).Prepare(turn.UpdatedSession);
        script.Add("w", RedisEntityStore<Session>.WriteScript(session, RedisEntityStore<Session>.WriteMode.Update, turn.Session.Version), nameof(Session), session.Id);
        var eventsPart = 0;
        if (!turn.Events.Events.IsEmpty || turn.Events.ExpectedLastSeq is not null)
        {
            var (keys, args) = AppendEventsScript(turn.Events, retryReturnsStored: false);
            eventsPart = script.Add("a", ([.. keys], [.. args]), nameof(Event), turn.Session.Id);
            foreach (var @event in turn.Events.Events) script.Locate(EventLocator(@event.Id), turn.Session.Id, nameof(Event), @event.Id);
        }
        if (turn.Checkpoint is { } checkpoint) AddRecord((RedisEntityStore<Checkpoint>)EntityStore<Checkpoint>(), script, checkpoint, RedisEntityStore<Checkpoint>.WriteMode.Upsert);
        foreach (var log in turn.AuditLogs) AddRecord((RedisEntityStore<AuditLog>)EntityStore<AuditLog>(), script, log, RedisEntityStore<AuditLog>.WriteMode.Insert);
        script.AddExtras();

        RedisResult[] result;
        try
        {
            result = (RedisResult[])(await RedisContext.Run(_context.Database.ScriptEvaluateAsync(RedisScripts.CommitTurn, script.Keys(), script.Arguments()),
                CommitTurnOperation, cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception e) when (RedisContext.Map(e, CommitTurnOperation) is { } mapped)
        {
            throw mapped;
        }
        if ((string)result[0]! == "ok")
        {
            if (!turn.Events.Events.IsEmpty) PublishAppended(turn.Session.Id); // wakes watchers now instead of at their safety poll
            return turn.Committed(turn.Events.Events.IsEmpty ? [] : turn.Events.Numbered((long)result[1] - 1));
        }
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
        if (RedisEntityStore<TEntity>.Layout.UsesLocator)
        {
            script.Locate(_context.Keys.Locator(RedisEntityStore<TEntity>.Layout, record.Id), record.Partition, entityName, record.Id, record.ExpireAtMilliseconds);
        }
        foreach (var entry in record.Entries)
        {
            if (!entry.Index.IsPartitionLocal) script.IndexEntry(entry.SetKey, entry.Member);
        }
    }

    private bool IsCluster => _isCluster ??= _connection.GetServers().Any(s => s.ServerType == ServerType.Cluster);

    /// <summary>The parts of one <see cref="RedisScripts.CommitTurn"/> call, flattened into its KEYS and ARGV.</summary>
    private sealed class TurnScript
    {
        private readonly List<(string Kind, List<RedisKey> Keys, List<RedisValue> Arguments, string Entity, string Id)> _parts = [];
        private readonly List<(RedisKey Key, RedisValue Partition, string Entity, string Id, long ExpireAtMilliseconds)> _locators = [];
        private readonly List<(RedisKey Key, RedisValue Member)> _entries = [];

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

        public RedisValue[] Arguments()
        {
            List<RedisValue> args = [_parts.Count];
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
