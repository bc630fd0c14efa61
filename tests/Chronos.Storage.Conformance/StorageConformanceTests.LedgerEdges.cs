using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// Sequence numbers at the edge of their range (<see cref="StorageLimits.MaxSeqNum"/>, 2^53 - 1): every accepted number is
/// stored exactly, a number above the limit is refused before I/O, and the append after the limit fails typed, writing nothing.
/// </summary>
public abstract partial class StorageConformanceTests
{
    private const long TwoTo53 = 1L << 53;

    /// <summary>
    /// Sequence numbers up to the limit order and store exactly; the append after the limit fails with a typed error
    /// rather than wrapping.
    /// </summary>
    [ConformanceFact]
    public async Task NumbersUpToMaxSeqNumAreStoredExactlyAndTheAppendAfterItIsRefused()
    {
        Assert.Equal(TwoTo53 - 1, StorageLimits.MaxSeqNum);
        var session = NewId("s");
        var supplied = await Store.AppendEventAsync(EventOf(NewId("e1"), session, TwoTo53 - 2, At(1)));
        var assigned = await Store.AppendEventAsync(EventOf(NewId("e2"), session, createdAt: At(2)));

        Assert.Equal(TwoTo53 - 2, supplied.SeqNum);
        Assert.Equal(TwoTo53 - 1, assigned.SeqNum);
        var refused = await Assert.ThrowsAsync<SequenceExhaustedException>(
            () => Store.AppendEventAsync(EventOf(NewId("e3"), session, createdAt: At(3))));
        Assert.Equal(session, refused.SessionId);
        Assert.Equal(StorageLimits.MaxSeqNum, refused.LastSeqNum);
        Assert.Equal(nameof(Event), refused.Entity);
        Assert.Equal(NewId("e3"), refused.Key);
        Assert.Contains(session, refused.Message, StringComparison.Ordinal);

        // Nothing was written, and the ledger still lists (also from a point near the end) exactly what it holds.
        var listed = await Store.ListEventsAsync(session);
        Assert.Equal([TwoTo53 - 2, TwoTo53 - 1], listed.Select(e => e.SeqNum));
        Assert.Equal([NewId("e1"), NewId("e2")], listed.Select(e => e.Id));
        RecordAssert.Same(EventOf(NewId("e1"), session, TwoTo53 - 2, At(1)), listed[0]);
        Assert.Equal([NewId("e2")], (await Store.ListEventsAsync(session, TwoTo53 - 2)).Select(e => e.Id));
        Assert.Empty(await Store.ListEventsAsync(session, StorageLimits.MaxSeqNum));

        // The refused event's id was not taken: appended to another session it gets number 1.
        Assert.Equal(1, (await Store.AppendEventAsync(EventOf(NewId("e3"), NewId("s-other")))).SeqNum);
    }

    /// <summary>
    /// The largest allowed sequence number survives the backend's number type unchanged, and the next assigned append
    /// is refused with a typed error instead of wrapping or colliding.
    /// </summary>
    [ConformanceFact]
    public async Task ACallerSuppliedMaxSeqNumIsStoredExactlyAndTheSessionThenHasNoNextNumber()
    {
        var session = NewId("s");
        var stored = await Store.AppendEventAsync(EventOf(NewId("e1"), session, StorageLimits.MaxSeqNum, At(1)));

        Assert.Equal(StorageLimits.MaxSeqNum, stored.SeqNum);
        await Assert.ThrowsAsync<SequenceExhaustedException>(() => Store.AppendEventAsync(EventOf(NewId("e2"), session)));
        await Assert.ThrowsAsync<SequenceExhaustedException>(() => Store.AppendEventAsync(EventOf(NewId("e3"), session)));
        var listed = Assert.Single(await Store.ListEventsAsync(session));
        RecordAssert.Same(EventOf(NewId("e1"), session, StorageLimits.MaxSeqNum, At(1)), listed);
        // A free caller-chosen number below the limit is still accepted.
        Assert.Equal(7, (await Store.AppendEventAsync(EventOf(NewId("e4"), session, 7))).SeqNum);
        Assert.Equal([7, StorageLimits.MaxSeqNum], (await Store.ListEventsAsync(session)).Select(e => e.SeqNum));
    }

    /// <summary>
    /// Negative numbers and numbers above StorageLimits.MaxSeqNum are refused with a typed argument error, because
    /// some backend could not order or store them exactly.
    /// </summary>
    [ConformanceTheory]
    [InlineData(TwoTo53)]
    [InlineData(TwoTo53 + 1)]
    [InlineData(long.MaxValue)]
    [InlineData(-1L)]
    public async Task ASeqNumOutsideTheLedgerRangeIsRefusedBeforeAnythingIsWritten(long seqNum)
    {
        var session = NewId("s");
        var eventError = await Assert.ThrowsAsync<StorageArgumentException>(
            () => Store.AppendEventAsync(EventOf(NewId("e1"), session, seqNum)));
        var checkpointError = await Assert.ThrowsAsync<StorageArgumentException>(
            () => Store.SaveCheckpointAsync(CheckpointOf(NewId("c1"), session, seqNum, At(1))));

        Assert.Equal((nameof(Event), "seq_num", "event.SeqNum"), (eventError.Entity, eventError.Field, eventError.ParamName));
        Assert.Contains(NewId("e1"), eventError.Message, StringComparison.Ordinal);
        Assert.Equal((nameof(Checkpoint), "seq_num"), (checkpointError.Entity, checkpointError.Field));
        Assert.Contains(NewId("c1"), checkpointError.Message, StringComparison.Ordinal);
        Assert.Empty(await Store.ListEventsAsync(session));
        Assert.Null(await Store.GetCheckpointAsync(NewId("c1")));
        Assert.Equal(1, (await Store.AppendEventAsync(EventOf(NewId("e2"), session))).SeqNum);
    }

    /// <summary>
    /// Checkpoint sequence numbers use the same range as the ledger; the limit must not be rounded by a backend that
    /// stores numbers as doubles or strings.
    /// </summary>
    [ConformanceFact]
    public async Task ACheckpointAtMaxSeqNumIsStoredExactly()
    {
        var session = NewId("s");
        await Store.SaveCheckpointAsync(CheckpointOf(NewId("c1"), session, StorageLimits.MaxSeqNum - 1, At(1)));
        await Store.SaveCheckpointAsync(CheckpointOf(NewId("c2"), session, StorageLimits.MaxSeqNum, At(2)));

        Assert.Equal(StorageLimits.MaxSeqNum - 1, (await Store.GetCheckpointAsync(NewId("c1")))!.SeqNum);
        Assert.Equal(StorageLimits.MaxSeqNum, (await Store.GetLatestCheckpointAsync(session))!.SeqNum);
    }
}
