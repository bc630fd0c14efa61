namespace Chronos.Storage;

/// <summary>
/// The sizes a backend can store, declared once by its adapter (<see cref="Providers.StorageEngine.Limits"/>) and
/// checked by the engine before anything is sent: a record over a limit is refused with
/// <see cref="RecordTooLargeException"/>, a batch or turn over <see cref="MaxAtomicWriteBytes"/> with
/// <see cref="BatchTooLargeException"/>, and nothing is written. Sizes are of the record as stored: after
/// <see cref="JsonCompression"/>, strings and JSON counted as UTF-8, other scalars as 8 bytes (1 for a boolean).
/// </summary>
public sealed record BackendLimits
{
    /// <summary>No limits: what a backend that declares none gets (the engine then checks nothing).</summary>
    public static BackendLimits None { get; } = new();

    /// <summary>The largest record (row, item, document, hash) in bytes, or null for no limit.</summary>
    public long? MaxRecordBytes { get; init; }

    /// <summary>The largest single field value in bytes, or null for no limit.</summary>
    public long? MaxFieldBytes { get; init; }

    /// <summary>The most bytes one atomic write (a batch append, a turn) may hold, or null for no limit.</summary>
    public long? MaxAtomicWriteBytes { get; init; }

    /// <summary>Where the numbers come from, for the README table and messages, e.g. <c>DynamoDB item size</c>.</summary>
    public string? Source { get; init; }
}
