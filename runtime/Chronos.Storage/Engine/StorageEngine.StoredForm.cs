using System.Collections.Immutable;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Providers;

// Size limits and JSON compression (issue 17 §3): every record a public operation writes reaches the adapter through
// Stored, exactly once, after validation (never in the protected entity stores an adapter also calls from its own core
// methods: encoding twice would wrap a wrapper); reads expand compressed JSON in StoredRecord.Read, which every
// backend's read path goes through.
public abstract partial class StorageEngine
{
    /// <summary>
    /// The sizes this backend can store. The engine refuses, before anything is sent, a record or field over them
    /// (<see cref="RecordTooLargeException"/>) and a batch or turn over <see cref="BackendLimits.MaxAtomicWriteBytes"/>
    /// (<see cref="BatchTooLargeException"/>). <see cref="BackendLimits.None"/> by default, so a backend written
    /// outside the repository keeps compiling; an adapter whose stored size differs from the generic count (BSON,
    /// DynamoDB attributes) also overrides <see cref="StoredRecordBytes"/>.
    /// </summary>
    public virtual BackendLimits Limits => BackendLimits.None;

    /// <summary>
    /// Limits the application sets below the backend's own <see cref="Limits"/>, or null: each of the two checks uses
    /// the smaller value, so this can tighten a limit, never loosen one. Also how the conformance tests exercise the
    /// limit check on backends whose own limits are gigabytes.
    /// </summary>
    public BackendLimits? TighterLimits { get; set; }

    /// <summary>What writes are checked against: the smaller of <see cref="Limits"/> and <see cref="TighterLimits"/>, per limit.</summary>
    public BackendLimits EffectiveLimits => TighterLimits is { } tighter
        ? new BackendLimits
        {
            MaxRecordBytes = Smaller(Limits.MaxRecordBytes, tighter.MaxRecordBytes),
            MaxFieldBytes = Smaller(Limits.MaxFieldBytes, tighter.MaxFieldBytes),
            MaxAtomicWriteBytes = Smaller(Limits.MaxAtomicWriteBytes, tighter.MaxAtomicWriteBytes),
            Source = Limits.Source,
        }
        : Limits;

    private static long? Smaller(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    /// <summary>
    /// Compression of large JSON fields for what this store writes from now on, or null (the default) for none.
    /// Reading does not depend on it: compressed records read back the same with it on or off.
    /// </summary>
    public JsonCompression? Compression { get; set; }

    /// <summary>
    /// The size of <paramref name="stored"/> as this backend stores it, checked against
    /// <see cref="BackendLimits.MaxRecordBytes"/>. By default <paramref name="measured"/>, the engine's count (strings
    /// and JSON as UTF-8, scalars 8 bytes); a backend with its own encoding (BSON) returns the exact size.
    /// </summary>
    /// <param name="stored">The record as it will be written (large JSON already compressed).</param>
    /// <param name="measured">
    /// The engine's count, or an upper bound of it no larger than <see cref="BackendLimits.MaxRecordBytes"/> (the
    /// engine counts JSON exactly only when a cheap bound is over the limit): use it to decide that a record is small
    /// enough, never as a lower bound.
    /// </param>
    protected virtual long StoredRecordBytes<TEntity>(TEntity stored, long measured) where TEntity : class, IStorageEntity<TEntity> => measured;

    /// <summary>
    /// The record as the backend will store it; refuses it when over <see cref="Limits"/>. <paramref name="storedBytes"/>
    /// is exact with <paramref name="exactBytes"/> (an atomic write adds them up against its limit), else possibly an
    /// upper bound: sizes are counted exactly only when a cheap bound is over a limit, so that exactly-at-limit passes.
    /// </summary>
    internal TEntity Stored<TEntity>(TEntity entity, out long storedBytes, bool exactBytes = false) where TEntity : class, IStorageEntity<TEntity>
    {
        var limits = EffectiveLimits;
        var stored = StoredForm.Encode(entity, Compression, out var size);
        if (!size.Exact && (exactBytes || size.LargestBytes > limits.MaxFieldBytes || size.Bytes > limits.MaxRecordBytes))
        {
            size = StoredForm.Measure(stored);
        }
        var largest = TEntity.Schema.Fields[size.LargestOrdinal].StorageName;
        if (limits.MaxFieldBytes is { } maxField && size.LargestBytes > maxField)
        {
            throw new RecordTooLargeException(BackendName, TEntity.Schema.EntityName, TEntity.GetKey(entity), size.LargestBytes, maxField, largest, "field");
        }
        storedBytes = size.Bytes;
        if (limits.MaxRecordBytes is { } max)
        {
            storedBytes = StoredRecordBytes(stored, storedBytes);
            if (storedBytes > max)
            {
                throw new RecordTooLargeException(BackendName, TEntity.Schema.EntityName, TEntity.GetKey(entity), storedBytes, max, largest, "record");
            }
        }
        return stored;
    }

    /// <summary>The single append as stored; the returned event with its JSON expanded.</summary>
    // Not async itself: an event stored as given (nothing compressed, the usual case) goes straight to the adapter's
    // task, without one more state machine per append on the hot path.
    private Task<Event> AppendStoredAsync(Event prepared, long? expectedLastSeq, CancellationToken cancellationToken)
    {
        var stored = Stored(prepared, out _);
        var appended = AppendObserved(stored, expectedLastSeq, cancellationToken);
        return ReferenceEquals(stored, prepared) ? appended : DecodedAsync(appended);
    }

    private static async Task<Event> DecodedAsync(Task<Event> appended) => StoredForm.Decode(await appended.ConfigureAwait(false));

    /// <summary>The batch as stored, refused when over the backend's atomic-write bytes; <paramref name="encoded"/> when any JSON was compressed.</summary>
    private EventBatch StoredBatch(EventBatch batch, string operation, ref long bytes, ref bool encoded)
    {
        var events = ImmutableArray.CreateBuilder<Event>(batch.Events.Length);
        var exactBytes = HasAtomicWriteLimit;
        foreach (var prepared in batch.Events)
        {
            var stored = Stored(prepared, out var size, exactBytes);
            bytes += size;
            encoded |= !ReferenceEquals(stored, prepared);
            events.Add(stored);
        }
        CheckAtomicWriteBytes(operation, batch.SessionId, bytes);
        return encoded ? new EventBatch(batch.SessionId, events.MoveToImmutable(), batch.ExpectedLastSeq, batch.RetryReturnsStored) : batch;
    }

    private async Task<IReadOnlyList<Event>> AppendStoredBatchAsync(EventBatch prepared, CancellationToken cancellationToken)
    {
        long bytes = 0;
        var encoded = false;
        var stored = StoredBatch(prepared, AppendEventsOperation, ref bytes, ref encoded);
        var appended = await AppendEventsCoreAsync(stored, cancellationToken).ConfigureAwait(false);
        return encoded ? Decoded(appended) : appended;
    }

    private async Task<CommittedTurn> CommitStoredTurnAsync(TurnWrite prepared, CancellationToken cancellationToken)
    {
        long bytes = 0;
        var encoded = false;
        var exactBytes = HasAtomicWriteLimit;
        var session = Stored(prepared.Session, out var size, exactBytes);
        bytes += size;
        encoded |= !ReferenceEquals(session, prepared.Session);
        Checkpoint? checkpoint = null;
        if (prepared.Checkpoint is { } given)
        {
            checkpoint = Stored(given, out size, exactBytes);
            bytes += size;
            encoded |= !ReferenceEquals(checkpoint, given);
        }
        var logs = ImmutableArray.CreateBuilder<AuditLog>(prepared.AuditLogs.Length);
        foreach (var log in prepared.AuditLogs)
        {
            var stored = Stored(log, out size, exactBytes);
            bytes += size;
            encoded |= !ReferenceEquals(stored, log);
            logs.Add(stored);
        }
        var batch = StoredBatch(prepared.Events, CommitTurnOperation, ref bytes, ref encoded);
        if (!encoded) return await CommitTurnCoreAsync(prepared, cancellationToken).ConfigureAwait(false);
        var committed = await CommitTurnCoreAsync(new TurnWrite(session, batch, checkpoint, logs.MoveToImmutable()), cancellationToken).ConfigureAwait(false);
        // The caller gets its records as given (normalized), not their stored form.
        return prepared.Committed(Decoded(committed.Events));
    }

    /// <summary>Whether batches and turns are checked against <see cref="BackendLimits.MaxAtomicWriteBytes"/> (then their records are counted exactly).</summary>
    private bool HasAtomicWriteLimit => EffectiveLimits.MaxAtomicWriteBytes is not null;

    private void CheckAtomicWriteBytes(string operation, string sessionId, long bytes)
    {
        if (EffectiveLimits.MaxAtomicWriteBytes is { } max && bytes > max)
        {
            throw new BatchTooLargeException(BackendName, operation, sessionId, bytes, max, "bytes");
        }
    }

    private static Event[] Decoded(IReadOnlyList<Event> events)
    {
        var decoded = new Event[events.Count];
        for (var i = 0; i < decoded.Length; i++) decoded[i] = StoredForm.Decode(events[i]);
        return decoded;
    }
}
