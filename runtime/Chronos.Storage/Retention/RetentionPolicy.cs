namespace Chronos.Storage;

/// <summary>
/// How long an agent's state is kept: one optional rule per entity, null for "keep forever". Written in
/// <c>chronos.yaml</c> under <c>retention:</c> (in <c>defaults:</c> and per agent) or built in code, and applied by
/// <see cref="IStorage.PruneAsync"/>. Ages are measured against the store's clock
/// (<see cref="Providers.StorageEngine.TimeProvider"/>).
/// </summary>
public sealed record RetentionPolicy
{
    /// <summary>A session, with everything that cascades from it, is removed this long after its <c>UpdatedAt</c>.</summary>
    public TimeSpan? Sessions { get; init; }

    /// <summary>
    /// Events older than this (<c>CreatedAt</c>) are removed from the front of each ledger: a prefix only, stopping
    /// at the first newer event, so what is kept stays gap-free. A ledger's last event is always kept: it holds the
    /// highest number assigned, so the next append continues after it on every backend.
    /// </summary>
    public TimeSpan? Events { get; init; }

    /// <summary>Which checkpoints of each session are kept; null keeps all.</summary>
    public CheckpointRetention? Checkpoints { get; init; }

    /// <summary>Short-term memory older than this (<c>CreatedAt</c>) is removed.</summary>
    public TimeSpan? ShortTermMemory { get; init; }

    /// <summary>
    /// Audit log entries older than this (<c>CreatedAt</c>) are removed. Audit logs are removed by this rule only: the
    /// session rule's cascade leaves them.
    /// </summary>
    public TimeSpan? AuditLogs { get; init; }

    /// <summary>True when no rule is set (pruning removes nothing).</summary>
    public bool IsEmpty => Sessions is null && Events is null && Checkpoints is null && ShortTermMemory is null && AuditLogs is null;

    /// <summary>This policy with each rule of <paramref name="overrides"/> that is set replacing this one's (an agent over the defaults).</summary>
    public RetentionPolicy Override(RetentionPolicy? overrides) => overrides is null ? this : new RetentionPolicy
    {
        Sessions = overrides.Sessions ?? Sessions,
        Events = overrides.Events ?? Events,
        Checkpoints = Checkpoints is null ? overrides.Checkpoints : Checkpoints.Override(overrides.Checkpoints),
        ShortTermMemory = overrides.ShortTermMemory ?? ShortTermMemory,
        AuditLogs = overrides.AuditLogs ?? AuditLogs,
    };
}

/// <summary>
/// The checkpoint rule: the <see cref="KeepLatest"/> newest checkpoints of a session always stay; of the others, those
/// older than <see cref="MaxAge"/> (all of them when <see cref="MaxAge"/> is null) are removed.
/// </summary>
public sealed record CheckpointRetention
{
    /// <summary>How many of a session's newest checkpoints are always kept (0 or more); null for none.</summary>
    public int? KeepLatest { get; init; }

    /// <summary>Checkpoints beyond <see cref="KeepLatest"/> older than this (<c>CreatedAt</c>) are removed; null removes them all.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>This rule with each field of <paramref name="overrides"/> that is set replacing this one's.</summary>
    public CheckpointRetention Override(CheckpointRetention? overrides) => overrides is null ? this : new CheckpointRetention
    {
        KeepLatest = overrides.KeepLatest ?? KeepLatest,
        MaxAge = overrides.MaxAge ?? MaxAge,
    };
}

/// <summary>What <see cref="IStorage.PruneAsync"/> removed, or in a dry run would remove, per entity.</summary>
public sealed record PruneReport
{
    /// <summary>True when nothing was deleted: the counts are what a real run would remove.</summary>
    public bool DryRun { get; init; }

    /// <summary>Sessions removed by the session rule (their events, checkpoints, traces and short-term memory went with them).</summary>
    public long Sessions { get; init; }

    /// <summary>Events removed from ledger prefixes.</summary>
    public long Events { get; init; }

    /// <summary>Checkpoints removed.</summary>
    public long Checkpoints { get; init; }

    /// <summary>Short-term memory records removed.</summary>
    public long ShortTermMemory { get; init; }

    /// <summary>Audit log entries removed.</summary>
    public long AuditLogs { get; init; }
}
