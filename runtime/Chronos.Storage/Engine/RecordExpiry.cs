namespace Chronos.Storage.Providers;

/// <summary>
/// When a record written now expires under the store's <see cref="StorageEngine.Retention"/>: the one seam through
/// which the engine hands an expiry instant to an adapter's write. Backends with native expiry (Redis key expiry,
/// MongoDB TTL index, DynamoDB TTL attribute) store it with the record; the others ignore it and rely on
/// <see cref="IStorage.PruneAsync"/>.
/// </summary>
/// <remarks>
/// Only rules that depend on the record alone are expired natively:
/// <list type="bullet">
/// <item>short-term memory: <c>CreatedAt</c> + <see cref="RetentionPolicy.ShortTermMemory"/>;</item>
/// <item>audit logs: <c>CreatedAt</c> + <see cref="RetentionPolicy.AuditLogs"/>;</item>
/// <item>checkpoints: <c>CreatedAt</c> + <see cref="CheckpointRetention.MaxAge"/>, only when no
/// <see cref="CheckpointRetention.KeepLatest"/> is kept (whether a checkpoint is among the newest N changes as later
/// ones arrive, which a per-record instant cannot express).</item>
/// </list>
/// Sessions are not: a session's cascade (its ledger, checkpoints, traces, short-term memory) lives in other records,
/// so expiring the session record alone would leave orphans, and pushing every child's expiry forward on each session
/// update would cost a write per child. Events are not: the events rule removes a ledger prefix and never a ledger's
/// last event (it carries the highest number, from which the next append continues), which a per-record expiry would
/// break. Both stay with <see cref="IStorage.PruneAsync"/> and the sweeper.
/// </remarks>
public sealed class RecordExpiry
{
    private readonly StorageEngine _engine;

    internal RecordExpiry(StorageEngine engine) => _engine = engine;

    internal RetentionPolicy? Policy { get; set; }

    /// <summary>The engine's clock now (UTC): what a backend that filters expired records on read compares with.</summary>
    public DateTime UtcNow => _engine.TimeProvider.GetUtcNow().UtcDateTime;

    /// <summary>
    /// True when the policy has a rule that expires records natively (short-term memory, audit logs, or checkpoints'
    /// <c>max_age</c> without <c>keep_latest</c>): a backend whose expiry needs setting up (DynamoDB's table TTL) does it
    /// only then.
    /// </summary>
    public bool HasNativeRules => Policy is { } policy &&
        (policy.ShortTermMemory is not null || policy.AuditLogs is not null || policy.Checkpoints is { KeepLatest: null or 0, MaxAge: not null });

    /// <summary>
    /// Whether records of <typeparamref name="TEntity"/> can expire natively: short-term memory, audit logs and
    /// checkpoints (the entities <see cref="Of{TEntity}"/> knows). A backend gives the others no expiry attribute, index
    /// or read filter, so they cost nothing.
    /// </summary>
    /// <typeparam name="TEntity">The entity.</typeparam>
    public static bool CanExpire<TEntity>() where TEntity : class =>
        typeof(TEntity) == typeof(MemoryRecord) || typeof(TEntity) == typeof(AuditLog) || typeof(TEntity) == typeof(Checkpoint);

    /// <summary>The instant <paramref name="record"/> expires (UTC), or null when it is kept until pruned.</summary>
    /// <typeparam name="TEntity">The record's entity; application entities never expire natively.</typeparam>
    public DateTime? Of<TEntity>(TEntity record) where TEntity : class
    {
        if (Policy is not { } policy) return null;
        return record switch
        {
            MemoryRecord { Kind: MemoryKind.ShortTerm } memory when policy.ShortTermMemory is { } age => After(memory.CreatedAt, age),
            AuditLog log when policy.AuditLogs is { } age => After(log.CreatedAt, age),
            Checkpoint checkpoint when policy.Checkpoints is { KeepLatest: null or 0, MaxAge: { } age } => After(checkpoint.CreatedAt, age),
            _ => null,
        };
    }

    // An age so long that the instant is past the calendar never expires.
    private static DateTime? After(DateTime start, TimeSpan age) =>
        age < DateTime.MaxValue - start ? DateTime.SpecifyKind(start + age, DateTimeKind.Utc) : null;
}
