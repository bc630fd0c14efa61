namespace Chronos.Storage;

/// <summary>
/// Limits that hold the same on every backend, so that whatever one store accepts every other can store and read back
/// exactly. A value beyond a limit is refused before anything is written.
/// </summary>
public static class StorageLimits
{
    /// <summary>
    /// The largest ledger sequence number, 2^53 - 1 (9,007,199,254,740,991), for <see cref="Event.SeqNum"/> and for
    /// <see cref="Checkpoint.SeqNum"/> (which names a position in the same ledger). It is the largest integer a double
    /// holds exactly, so Redis's Lua scripts and JavaScript readers of the JSON see every number as written and no
    /// backend can round two numbers into one. A caller-supplied number above it is refused with a
    /// <see cref="StorageArgumentException"/>; the auto-numbered append after it fails with a
    /// <see cref="SequenceExhaustedException"/>, writing nothing.
    /// </summary>
    public const long MaxSeqNum = (1L << 53) - 1;
}
