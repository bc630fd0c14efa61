namespace Chronos.Storage;

/// <summary>An optimistic-concurrency update found a different version than the caller read; nothing was changed.</summary>
public sealed class ConcurrencyConflictException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public ConcurrencyConflictException(string entity, string key, string field, long expectedVersion, long? actualVersion)
        : base(
            actualVersion is null
                ? $"{entity} '{key}' does not exist (expected {field} {expectedVersion}); nothing was changed."
                : $"{entity} '{key}' was changed by someone else: expected {field} {expectedVersion}, found {actualVersion}; nothing was changed. Re-read it and retry.",
            entity, key, field)
    {
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The version the caller's record carried.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version found in the store, or null when the record is gone.</summary>
    public long? ActualVersion { get; }
}
