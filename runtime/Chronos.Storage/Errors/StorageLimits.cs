namespace Chronos.Storage;

/// <summary>
/// The limits every backend enforces the same way, checked once in the engine before anything is written, so that
/// whatever one store accepts every other can store and read back exactly. A value beyond a limit is refused before
/// anything is written.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="MaxJsonDepth"/>: JSON fields (metadata, payloads, state, ...) may nest at most 64 containers.
/// Writers refuse deeper JSON with <see cref="StorageArgumentException"/>; readers parse with the same limit.</item>
/// <item>Strings (ids, keys, every string field) and JSON strings and property names must be valid UTF-16 (no lone
/// surrogate) and must not contain U+0000: PostgreSQL's text and jsonb cannot hold NUL, so no backend accepts it.</item>
/// <item>Numbers inside JSON must be finite (JSON has no NaN or Infinity).</item>
/// <item>A field that the schema declares non-nullable must not be null.</item>
/// <item><see cref="MaxSeqNum"/>: ledger sequence numbers are 1 to 2^53 - 1.</item>
/// </list>
/// </remarks>
public static class StorageLimits
{
    /// <summary>
    /// The deepest nesting of objects and arrays a JSON field may have: System.Text.Json's default reader depth, which
    /// also keeps a stored document well under MongoDB's 100-level BSON nesting limit. <c>{"a":[1]}</c> has depth 2.
    /// </summary>
    public const int MaxJsonDepth = 64;

    /// <summary>The reader options stored JSON is parsed with (<see cref="MaxJsonDepth"/>): one definition for every reader.</summary>
    internal static System.Text.Json.JsonDocumentOptions StoredJsonReaderOptions { get; } = new() { MaxDepth = MaxJsonDepth };

    /// <summary>
    /// The largest ledger sequence number, 2^53 - 1 (9,007,199,254,740,991), for <see cref="Event.SeqNum"/> and for
    /// <see cref="Checkpoint.SeqNum"/> (which names a position in the same ledger). It is the largest integer a double
    /// holds exactly, so Redis's Lua scripts and JavaScript readers of the JSON see every number as written and no
    /// backend can round two numbers into one. A caller-supplied number above it is refused with a
    /// <see cref="StorageArgumentException"/>; the auto-numbered append after it fails with a
    /// <see cref="SequenceExhaustedException"/>, writing nothing.
    /// </summary>
    public const long MaxSeqNum = (1L << 53) - 1;

    /// <summary>
    /// The most records one atomic write may hold on any backend: the events of one
    /// <see cref="IStorage.AppendEventsAsync(string, IReadOnlyList{Event}, CancellationToken)"/>, or a turn's session,
    /// events, checkpoint and audit entries. A backend may allow fewer (DynamoDB: 100 items per transaction); a larger
    /// write is refused with <see cref="BatchTooLargeException"/> before anything is written.
    /// </summary>
    public const int MaxBatchRecords = 1000;

    /// <summary>
    /// The largest JSON value, in UTF-8 bytes, that <see cref="JsonCompression"/> compresses (256 MiB; larger values are
    /// stored as text). A stored compressed value that declares a larger size, or none, is refused on read with a
    /// <see cref="StoredRecordFormatException"/> before anything is allocated: a decompression bomb cannot exhaust memory.
    /// </summary>
    public const int MaxCompressedJsonBytes = 256 * 1024 * 1024;
}
