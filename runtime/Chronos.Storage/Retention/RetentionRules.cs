namespace Chronos.Storage;

/// <summary>The checks and readings of a <see cref="RetentionPolicy"/> shared by code and configuration.</summary>
internal static class RetentionRules
{
    /// <summary>Refuses an age that is zero or negative, or a negative <see cref="CheckpointRetention.KeepLatest"/>.</summary>
    public static void Check(RetentionPolicy policy, string paramName)
    {
        Age(policy.Sessions, paramName, "sessions");
        Age(policy.Events, paramName, "events");
        Age(policy.ShortTermMemory, paramName, "short_term_memory");
        Age(policy.AuditLogs, paramName, "audit_logs");
        Age(policy.Checkpoints?.MaxAge, paramName, "checkpoints.max_age");
        if (policy.Checkpoints?.KeepLatest is < 0 and var keep)
        {
            throw new StorageArgumentException(paramName, nameof(Checkpoint), "keep_latest",
                $"retention checkpoints.keep_latest must be 0 or more; got {keep}.");
        }
    }

    /// <summary>The checkpoint rule when it can remove anything: with neither field set it removes nothing (not everything).</summary>
    public static CheckpointRetention? Effective(CheckpointRetention? rule) =>
        rule is null || (rule.KeepLatest is null && rule.MaxAge is null) ? null : rule;

    private static void Age(TimeSpan? age, string paramName, string rule)
    {
        if (age is { } value && value <= TimeSpan.Zero)
        {
            throw new StorageArgumentException(paramName, null, rule, $"retention {rule} must be a positive duration; got {value}.");
        }
    }
}
