using Chronos.Storage.Mongo.Bson;
using Chronos.Storage.Providers;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Chronos.Storage.Mongo;

/// <summary>
/// What a turn adds to the batch protocol of <see cref="MongoEventBatches"/> (the adapter README, "Atomic turns"): the
/// new session version and an existing checkpoint's new version are staged as <c>_next: {txn, doc}</c> on their
/// documents (the session's version checked by the staging update itself), a new checkpoint and the audit entries are
/// inserted marked like the events, and all of it becomes visible at the batch document's one commit point.
/// </summary>
internal sealed class MongoTurnParts
{
    private static readonly string VersionElement = MongoEntityStore<Session>.VersionElement!;

    private readonly TurnWrite _turn;
    private readonly MongoEntityStore<Session> _sessions;
    private readonly MongoEntityStore<Checkpoint> _checkpoints;
    private readonly MongoEntityStore<AuditLog> _audits;

    public MongoTurnParts(TurnWrite turn, MongoEntityStore<Session> sessions, MongoEntityStore<Checkpoint> checkpoints, MongoEntityStore<AuditLog> audits)
    {
        _turn = turn;
        _sessions = sessions;
        _checkpoints = checkpoints;
        _audits = audits;
    }

    /// <summary>The collections the turn inserts marked records in.</summary>
    public IReadOnlyList<string> Marked =>
        [MongoLayout.Of<Event>().Collection, MongoLayout.Of<AuditLog>().Collection, MongoLayout.Of<Checkpoint>().Collection];

    /// <summary>The collections the turn stages new versions in.</summary>
    public IReadOnlyList<string> Staged => [MongoLayout.Of<Session>().Collection, MongoLayout.Of<Checkpoint>().Collection];

    private MongoPendingWrites Pending => _sessions.Pending;

    /// <summary>
    /// Before the batch document: settles (or waits for) other turns staged on the session or checkpoint or holding an
    /// audit id, and returns true then (read again). Otherwise checks what the turn must not overwrite: a missing or
    /// stale session (<see cref="ConcurrencyConflictException"/>), a stored audit id (<see cref="DuplicateKeyException"/>).
    /// </summary>
    public async Task<bool> SettleInTheWayAsync(int attempt, CancellationToken cancellationToken)
    {
        var session = await FindAsync(_sessions.Collection, MongoEntityStore<Session>.ById(_turn.Session.Id), cancellationToken).ConfigureAwait(false);
        if (await Pending.SettleAsync(_sessions.Collection, session, attempt, cancellationToken).ConfigureAwait(false)) return true;
        if (_turn.Checkpoint is { } checkpoint)
        {
            var stored = await FindAsync(_checkpoints.Collection, MongoEntityStore<Checkpoint>.ById(checkpoint.Id), cancellationToken).ConfigureAwait(false);
            if (await Pending.SettleAsync(_checkpoints.Collection, stored, attempt, cancellationToken).ConfigureAwait(false)) return true;
        }
        if (!_turn.AuditLogs.IsEmpty)
        {
            var ids = new BsonArray(_turn.AuditLogs.Select(a => a.Id));
            // An expired entry holding an id is gone for readers (the TTL monitor is merely late): it goes, the id is free.
            await _audits.Expiry.PurgeAsync(_audits.Collection, new BsonDocument(MongoLayout.IdElement, new BsonDocument("$in", ids)), cancellationToken)
                .ConfigureAwait(false);
            var stored = await FindAsync(_audits.Collection, new BsonDocument(MongoLayout.IdElement, new BsonDocument("$in", ids)), cancellationToken)
                .ConfigureAwait(false);
            if (await Pending.SettleAsync(_audits.Collection, stored, attempt, cancellationToken).ConfigureAwait(false)) return true;
            if (stored.Count > 0) throw new DuplicateKeyException(nameof(AuditLog), stored[0][MongoLayout.IdElement].AsString, "id");
        }
        long? version = session.Count == 0 ? null : session[0][VersionElement].ToInt64();
        if (version != _turn.Session.Version) throw _turn.SessionConflict(version);
        return false;
    }

    /// <summary>
    /// Stages the session's next version (only while the stored version is the one read and nothing else is staged) and
    /// the checkpoint (staged on a stored one, else inserted marked). False when another writer got there first.
    /// </summary>
    public async Task<bool> StageAsync(string txn, Func<string, string, Task> afterStep, CancellationToken cancellationToken)
    {
        var filter = MongoEntityStore<Session>.ById(_turn.Session.Id).Add(VersionElement, _turn.Session.Version)
            .Add(MongoPendingWrites.StagedElement, new BsonDocument("$exists", false));
        var staged = await _sessions.Collection.UpdateOneAsync(filter, Stage(txn, BsonEntityMapper.ToDocument(_turn.UpdatedSession)),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (staged.MatchedCount == 0) return false;
        await afterStep("staged-session", txn).ConfigureAwait(false);
        if (_turn.Checkpoint is not { } checkpoint) return true;
        var document = _checkpoints.Expiry.ToDocument(checkpoint);
        // An expired stored checkpoint is not staged on (the TTL monitor could take the new version with it): it goes first.
        await _checkpoints.Expiry.PurgeAsync(_checkpoints.Collection, MongoEntityStore<Checkpoint>.ById(checkpoint.Id), cancellationToken)
            .ConfigureAwait(false);
        var unstaged = MongoEntityStore<Checkpoint>.ById(checkpoint.Id)
            .Add(MongoPendingWrites.StagedElement, new BsonDocument("$exists", false))
            .Add(MongoPendingWrites.MarkerElement, new BsonDocument("$exists", false));
        var onStored = await _checkpoints.Collection.UpdateOneAsync(unstaged, Stage(txn, document), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (onStored.MatchedCount == 0)
        {
            try
            {
                await _checkpoints.Collection.InsertOneAsync(new BsonDocument(document).Add(MongoPendingWrites.MarkerElement, txn),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (MongoErrors.IsDuplicateKey(e) && MongoEntityStore<Checkpoint>.NamesIdIndex(e))
            {
                return false;
            }
            catch (Exception e) when (MongoErrors.IsDuplicateKey(e))
            {
                throw MongoEntityStore<Checkpoint>.Duplicate(checkpoint.Id, e);
            }
        }
        await afterStep("staged-checkpoint", txn).ConfigureAwait(false);
        return true;
    }

    /// <summary>Inserts the audit entries marked with <paramref name="txn"/> (a duplicate key ends this round).</summary>
    public Task InsertAsync(string txn, CancellationToken cancellationToken) =>
        _turn.AuditLogs.IsEmpty
            ? Task.CompletedTask
            : _audits.Collection.InsertManyAsync(_turn.AuditLogs.Select(a => _audits.Expiry.ToDocument(a).Add(MongoPendingWrites.MarkerElement, txn)),
                new InsertManyOptions { IsOrdered = true }, cancellationToken);

    private static BsonDocument Stage(string txn, BsonDocument next) =>
        new("$set", new BsonDocument(MongoPendingWrites.StagedElement, new BsonDocument { { "txn", txn }, { "doc", next } }));

    private static Task<List<BsonDocument>> FindAsync(IMongoCollection<BsonDocument> collection, BsonDocument filter, CancellationToken cancellationToken) =>
        collection.Find(filter).ToListAsync(cancellationToken);
}
