namespace Chronos.Storage.Providers;

/// <summary>
/// Retention, written once for every backend over the primitives each adapter already has: reads along the declared
/// indexes, deletes by key, and the session cascade. Every page read and every delete is short (one page of
/// <see cref="PruneBatchSize"/> records, one record per delete), so pruning never holds a long lock; deleting a record
/// another process has just deleted is not an error, so several processes may prune the same store at once.
/// </summary>
public abstract partial class StorageEngine
{
    /// <summary>Makes the engine's parts that refer back to it.</summary>
    protected StorageEngine() => Expiry = new RecordExpiry(this);

    /// <summary>Records read (and at most deleted) per step of <see cref="PruneAsync"/>.</summary>
    public const int PruneBatchSize = 100;

    /// <summary>
    /// The engine's clock (<see cref="TimeProvider.System"/> unless set): it stamps records written without a time
    /// (a session's <c>UpdatedAt</c> on update, an event's <c>CreatedAt</c>) and retention measures ages against it,
    /// so both agree. Tests set a fake provider and move it instead of sleeping.
    /// </summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value));
    }

    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>
    /// The retention of the agent this store was opened for (<c>ChronosConfig.OpenStorageAsync</c> sets it from the
    /// agent's <c>retention:</c>), applied to every record written through this store; null keeps everything. Backends
    /// with native expiry store each record's expiry instant (<see cref="Expiry"/>), so an expired record disappears
    /// from gets and lists without a sweep; <see cref="PruneAsync"/> still applies the rules they cannot (sessions,
    /// events, kept checkpoints) and is the only mechanism on the others.
    /// </summary>
    /// <exception cref="StorageArgumentException">An age is not positive, or keep_latest is negative.</exception>
    public RetentionPolicy? Retention
    {
        get => Expiry.Policy;
        set
        {
            if (value is not null) RetentionRules.Check(value, nameof(value));
            Expiry.Policy = value;
        }
    }

    /// <summary>When each record written now expires under <see cref="Retention"/>; an adapter with native expiry asks it on every write.</summary>
    protected RecordExpiry Expiry { get; }

    /// <summary>The engine's current time, normalized: the stamp of records written without one, and what retention ages are measured from.</summary>
    private DateTime UtcNow() => StorageTime.Normalize(_timeProvider.GetUtcNow().UtcDateTime);

    /// <inheritdoc />
    public Task<PruneReport> PruneAsync(string agentId, RetentionPolicy policy, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.Required(agentId, nameof(agentId), nameof(Session), "agent_id");
        Guard.NotNull(policy, nameof(policy));
        RetentionRules.Check(policy, nameof(policy));
        cancellationToken.ThrowIfCancellationRequested();
        return PruneCoreAsync(agentId, policy, dryRun, cancellationToken);
    }

    private async Task<PruneReport> PruneCoreAsync(string agentId, RetentionPolicy policy, bool dryRun, CancellationToken cancellationToken)
    {
        var now = UtcNow();
        var report = new PruneReport { DryRun = dryRun };

        if (policy.AuditLogs is { } auditAge)
        {
            var cutoff = now - auditAge;
            report = report with
            {
                AuditLogs = await SweepAsync(AuditLogs, new IndexQuery(AuditLogIndexes.ByAgent, agentId),
                    log => log.CreatedAt < cutoff ? Verdict.Remove : Verdict.Keep, log => log.Id, dryRun, cancellationToken).ConfigureAwait(false),
            };
        }

        // Before the session rule: in a real run the cascade of an expired session would take its short-term memory
        // uncounted, so counting it here first keeps a dry run's counts equal to the real run's.
        if (policy.ShortTermMemory is { } memoryAge)
        {
            var cutoff = now - memoryAge;
            report = report with
            {
                ShortTermMemory = await SweepAsync(Memory, new IndexQuery(MemoryRecordIndexes.ByAgentKind, agentId, MemoryKind.ShortTerm),
                    record => record.CreatedAt < cutoff ? Verdict.Remove : Verdict.Stop, record => record.Id, dryRun, cancellationToken).ConfigureAwait(false),
            };
        }

        var sessionCutoff = policy.Sessions is { } sessionAge ? now - sessionAge : (DateTime?)null;
        var checkpointRule = RetentionRules.Effective(policy.Checkpoints);
        if (sessionCutoff is null && policy.Events is null && checkpointRule is null) return report;

        long events = 0, checkpoints = 0;
        var sessions = await SweepAsync(Sessions, new IndexQuery(SessionIndexes.ByAgent, agentId),
            session => session.UpdatedAt < sessionCutoff ? Verdict.Remove : Verdict.Keep, session => session.Id, dryRun, cancellationToken,
            remove: (id, ct) => DeleteSessionExistingAsync(id, ct),
            kept: async (session, ct) =>
            {
                if (policy.Events is { } eventAge) events += await PruneLedgerPrefixAsync(session.Id, now - eventAge, dryRun, ct).ConfigureAwait(false);
                if (checkpointRule is { } rule) checkpoints += await PruneCheckpointsAsync(session.Id, rule, now, dryRun, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return report with { Sessions = sessions, Events = events, Checkpoints = checkpoints };
    }

    /// <summary>The session cascade, reporting whether the session was still there (another pruner may have taken it).</summary>
    private async Task<bool> DeleteSessionExistingAsync(string id, CancellationToken cancellationToken)
    {
        if (await Sessions.GetAsync(id, cancellationToken).ConfigureAwait(false) is null) return false;
        await DeleteSessionCoreAsync(id, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Removes the ledger's events older than <paramref name="cutoff"/> from its front, stopping at the first newer
    /// one, and never its last event: that one carries the highest number assigned, so the next append continues
    /// after it on every backend, whether the backend numbers from a counter or from the highest stored number.
    /// </summary>
    private async Task<long> PruneLedgerPrefixAsync(string sessionId, DateTime cutoff, bool dryRun, CancellationToken cancellationToken)
    {
        long removed = 0, after = 0;
        Event? held = null; // the newest old event seen: removable only once a later event proves it is not the last
        var batch = new List<string>(PruneBatchSize);
        while (true)
        {
            var page = await Events.ListAsync(new IndexQuery(EventIndexes.BySession, sessionId) { After = after, Limit = PruneBatchSize }, cancellationToken)
                .ConfigureAwait(false);
            foreach (var @event in page)
            {
                if (held is not null) batch.Add(held.Id);
                if (@event.CreatedAt >= cutoff)
                {
                    return removed + await RemoveAsync(Events, batch, dryRun, cancellationToken).ConfigureAwait(false);
                }
                held = @event;
            }
            removed += await RemoveAsync(Events, batch, dryRun, cancellationToken).ConfigureAwait(false);
            batch.Clear();
            if (page.Count < PruneBatchSize) return removed;
            after = page[^1].SeqNum;
        }
    }

    private Task<long> PruneCheckpointsAsync(string sessionId, CheckpointRetention rule, DateTime now, bool dryRun, CancellationToken cancellationToken)
    {
        var keepLatest = rule.KeepLatest ?? 0;
        var cutoff = rule.MaxAge is { } maxAge ? now - maxAge : DateTime.MaxValue;
        var seen = 0;
        // Newest first: the first keepLatest stay whatever their age.
        return SweepAsync(Checkpoints, new IndexQuery(CheckpointIndexes.BySession, sessionId),
            checkpoint => seen++ < keepLatest || checkpoint.CreatedAt >= cutoff ? Verdict.Keep : Verdict.Remove,
            checkpoint => checkpoint.Id, dryRun, cancellationToken);
    }

    private enum Verdict { Keep, Remove, Stop }

    /// <summary>
    /// Walks <paramref name="query"/> one page at a time, removing (or in a dry run counting) what
    /// <paramref name="judge"/> marks, until the index ends or a record says stop. Pages are read by offset; the offset
    /// counts only what stays, because what a real run removed is no longer there to skip.
    /// </summary>
    private static async Task<long> SweepAsync<TEntity>(IEntityStore<TEntity> store, IndexQuery query, Func<TEntity, Verdict> judge,
        Func<TEntity, string> keyOf, bool dryRun, CancellationToken cancellationToken,
        Func<string, CancellationToken, Task<bool>>? remove = null, Func<TEntity, CancellationToken, Task>? kept = null)
        where TEntity : class, Schema.IStorageEntity<TEntity>
    {
        long removed = 0;
        var offset = 0;
        var batch = new List<string>(PruneBatchSize);
        while (true)
        {
            var page = await store.ListAsync(query with { Offset = offset, Limit = PruneBatchSize }, cancellationToken).ConfigureAwait(false);
            var stop = false;
            batch.Clear();
            foreach (var record in page)
            {
                var verdict = judge(record);
                if (verdict == Verdict.Stop)
                {
                    stop = true;
                    break;
                }
                if (verdict == Verdict.Remove)
                {
                    batch.Add(keyOf(record));
                }
                else
                {
                    offset++;
                    if (kept is not null) await kept(record, cancellationToken).ConfigureAwait(false);
                }
            }
            removed += await RemoveAsync(store, batch, dryRun, cancellationToken, remove).ConfigureAwait(false);
            if (dryRun) offset += batch.Count;
            if (stop || page.Count < PruneBatchSize) return removed;
        }
    }

    /// <summary>Deletes <paramref name="keys"/> one by one (each delete is short); counts what was there to delete.</summary>
    private static async Task<long> RemoveAsync<TEntity>(IEntityStore<TEntity> store, List<string> keys, bool dryRun, CancellationToken cancellationToken,
        Func<string, CancellationToken, Task<bool>>? remove = null)
        where TEntity : class, Schema.IStorageEntity<TEntity>
    {
        if (dryRun) return keys.Count;
        long removed = 0;
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var deleted = remove is null
                ? await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false)
                : await remove(key, cancellationToken).ConfigureAwait(false);
            if (deleted) removed++;
        }
        return removed;
    }
}
