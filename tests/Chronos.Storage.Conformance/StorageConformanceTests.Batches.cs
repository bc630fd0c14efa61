using Chronos.Storage.Providers;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// Batch append (issue 16 §2): all or nothing, consecutive numbers, idempotent per id (a retried batch returns the
/// stored events; a batch mixing stored and new ids is refused), fenced like single appends, and refused before any
/// write when larger than the backend's largest atomic write.
/// </summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>
    /// The most events one batch append may hold on this backend (documented in its README); a batch one larger is
    /// refused with <see cref="BatchTooLargeException"/>.
    /// </summary>
    protected virtual int LargestBatch => StorageLimits.MaxBatchRecords;

    /// <summary>
    /// False for a backend whose server cannot append several events atomically: it must refuse every batch with
    /// <see cref="AtomicWriteNotSupportedException"/>, writing nothing, and the batch tests check exactly that instead.
    /// </summary>
    protected virtual bool SupportsAtomicBatches => true;

    /// <summary>
    /// False for a backend whose server cannot commit a turn atomically: it must refuse every turn with
    /// <see cref="AtomicWriteNotSupportedException"/>, writing nothing, and the turn tests check exactly that instead.
    /// </summary>
    protected virtual bool SupportsAtomicTurns => true;

    private List<Event> BatchOf(string session, string prefix, int count, int firstSecond = 1) =>
        [.. Enumerable.Range(1, count).Select(i => EventOf(NewId($"{prefix}{i}"), session, createdAt: At(firstSecond + i)))];

    /// <summary>On a backend without atomic multi-record writes: the batch is refused with the typed error and nothing is written.</summary>
    private async Task<bool> RefusedWithoutAtomicWritesAsync(string session, IReadOnlyList<Event> batch)
    {
        if (SupportsAtomicBatches) return false;
        var before = await Store.ListEventsAsync(session);
        var refused = await Assert.ThrowsAsync<AtomicWriteNotSupportedException>(() => Store.AppendEventsAsync(session, batch));
        Assert.Equal(session, refused.Key);
        Assert.Equal(before.Select(e => e.Id), (await Store.ListEventsAsync(session)).Select(e => e.Id));
        return true;
    }

    /// <summary>Conformance: A batch appends every event with consecutive numbers after the ledger.</summary>
    [ConformanceFact]
    public async Task ABatchAppendsEveryEventWithConsecutiveNumbersAfterTheLedger()
    {
        var session = NewId("s");
        await Store.AppendEventAsync(EventOf(NewId("before"), session, createdAt: At(1)));
        var batch = BatchOf(session, "b", 5);
        batch[2] = batch[2] with { SessionId = "" }; // takes the batch's session
        if (await RefusedWithoutAtomicWritesAsync(session, batch)) return;

        var stored = await Store.AppendEventsAsync(session, batch);

        Assert.Equal([2L, 3, 4, 5, 6], stored.Select(e => e.SeqNum));
        var listed = await Store.ListEventsAsync(session);
        Assert.Equal(6, listed.Count);
        for (var i = 0; i < 5; i++)
        {
            RecordAssert.Same(EventOf(NewId($"b{i + 1}"), session, i + 2, At(2 + i)), listed[i + 1]);
            RecordAssert.Same(listed[i + 1], stored[i]);
        }
        Assert.Equal(7, (await Store.AppendEventAsync(EventOf(NewId("after"), session))).SeqNum);
    }

    /// <summary>Conformance: A batch of one event is appended on every backend.</summary>
    [ConformanceFact]
    public async Task ABatchOfOneEventIsAppendedOnEveryBackend()
    {
        var session = NewId("s");
        await Store.AppendEventAsync(EventOf(NewId("e1"), session));

        var stored = await Store.AppendEventsAsync(session, [EventOf(NewId("e2"), session, createdAt: At(2))], expectedLastSeq: 1);
        var retried = await Store.AppendEventsAsync(session, [EventOf(NewId("e2"), session, createdAt: At(9))]);

        Assert.Equal(2, Assert.Single(stored).SeqNum);
        RecordAssert.Same(stored[0], Assert.Single(retried));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.AppendEventsAsync(session, [EventOf(NewId("e3"), session)], expectedLastSeq: 1));
        Assert.Equal([1L, 2], (await Store.ListEventsAsync(session)).Select(e => e.SeqNum));
    }

    /// <summary>Conformance: A batch with supplied consecutive numbers is stored under them.</summary>
    [ConformanceFact]
    public async Task ABatchWithSuppliedConsecutiveNumbersIsStoredUnderThem()
    {
        var session = NewId("s");
        var batch = BatchOf(session, "b", 3).Select((e, i) => e with { SeqNum = 10 + i }).ToList();
        if (await RefusedWithoutAtomicWritesAsync(session, batch)) return;

        var stored = await Store.AppendEventsAsync(session, batch);

        Assert.Equal([10L, 11, 12], stored.Select(e => e.SeqNum));
        Assert.Equal([10L, 11, 12], (await Store.ListEventsAsync(session)).Select(e => e.SeqNum));
    }

    /// <summary>Conformance: A retried batch returns the stored events and writes nothing.</summary>
    [ConformanceFact]
    public async Task ARetriedBatchReturnsTheStoredEventsAndWritesNothing()
    {
        var session = NewId("s");
        var batch = BatchOf(session, "b", 4);
        if (await RefusedWithoutAtomicWritesAsync(session, batch)) return;
        var first = await Store.AppendEventsAsync(session, batch);
        await Store.AppendEventAsync(EventOf(NewId("later"), session));

        // The reply was lost; the writer sends the same batch again (its copies differ, the stored ones win).
        var retried = await Store.AppendEventsAsync(session, [.. batch.Select(e => e with { CreatedAt = At(99), Type = "changed" })]);
        var retriedFenced = await Store.AppendEventsAsync(session, batch, expectedLastSeq: 0);

        Assert.Equal(first.Count, retried.Count);
        for (var i = 0; i < first.Count; i++)
        {
            RecordAssert.Same(first[i], retried[i]);
            RecordAssert.Same(first[i], retriedFenced[i]);
        }
        Assert.Equal([1L, 2, 3, 4, 5], (await Store.ListEventsAsync(session)).Select(e => e.SeqNum));
    }

    /// <summary>Conformance: A batch mixing stored and new ids is refused and writes nothing.</summary>
    [ConformanceFact]
    public async Task ABatchMixingStoredAndNewIdsIsRefusedAndWritesNothing()
    {
        var session = NewId("s");
        var stored = BatchOf(session, "old", 2);
        if (await RefusedWithoutAtomicWritesAsync(session, stored)) return;
        await Store.AppendEventsAsync(session, stored);
        List<Event> mixed = [EventOf(NewId("new1"), session), stored[1], EventOf(NewId("new2"), session)];

        var refused = await Assert.ThrowsAsync<BatchPartiallyStoredException>(() => Store.AppendEventsAsync(session, mixed));

        Assert.Equal(session, refused.SessionId);
        Assert.Equal([NewId("old2")], refused.StoredIds);
        Assert.Equal([NewId("new1"), NewId("new2")], refused.NewIds);
        Assert.Contains(NewId("old2"), refused.Message, StringComparison.Ordinal);
        Assert.Equal([NewId("old1"), NewId("old2")], (await Store.ListEventsAsync(session)).Select(e => e.Id));
        // The refused new ids were not taken.
        Assert.Equal([3L, 4], (await Store.AppendEventsAsync(session, [mixed[0], mixed[2]])).Select(e => e.SeqNum));
    }

    /// <summary>Conformance: A batch with a taken supplied number is refused and writes nothing.</summary>
    [ConformanceFact]
    public async Task ABatchWithATakenSuppliedNumberIsRefusedAndWritesNothing()
    {
        var session = NewId("s");
        await Store.AppendEventAsync(EventOf(NewId("e1"), session));
        await Store.AppendEventAsync(EventOf(NewId("e2"), session));
        await Store.AppendEventAsync(EventOf(NewId("e3"), session));
        var batch = BatchOf(session, "b", 3).Select((e, i) => e with { SeqNum = 2 + i }).ToList(); // 2 and 3 are taken
        if (await RefusedWithoutAtomicWritesAsync(session, batch)) return;

        await Assert.ThrowsAsync<DuplicateKeyException>(() => Store.AppendEventsAsync(session, batch));

        Assert.Equal([NewId("e1"), NewId("e2"), NewId("e3")], (await Store.ListEventsAsync(session)).Select(e => e.Id));
    }

    /// <summary>Conformance: A fenced batch is written while the ledger ends at the expected number and refused otherwise.</summary>
    [ConformanceFact]
    public async Task AFencedBatchIsWrittenWhileTheLedgerEndsAtTheExpectedNumberAndRefusedOtherwise()
    {
        var session = NewId("s");
        var batch = BatchOf(session, "b", 3);
        if (await RefusedWithoutAtomicWritesAsync(session, batch)) return;
        Assert.Equal([1L, 2, 3], (await Store.AppendEventsAsync(session, batch, expectedLastSeq: 0)).Select(e => e.SeqNum));

        var stale = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.AppendEventsAsync(session, BatchOf(session, "late", 2), expectedLastSeq: 1));

        Assert.Equal((session, 1L, (long?)3), (stale.Key, stale.ExpectedVersion, stale.ActualVersion));
        Assert.Equal(LedgerSequence.LastSeqField, stale.Field);
        Assert.Equal(3, (await Store.ListEventsAsync(session)).Count);
        Assert.Equal([4L, 5], (await Store.AppendEventsAsync(session, BatchOf(session, "late", 2), expectedLastSeq: 3)).Select(e => e.SeqNum));
    }

    /// <summary>Conformance: The largest batch is written and one more event is refused before any write.</summary>
    [ConformanceFact]
    public async Task TheLargestBatchIsWrittenAndOneMoreEventIsRefusedBeforeAnyWrite()
    {
        var session = NewId("s");
        var tooLarge = BatchOf(session, "big", LargestBatch + 1);

        var refused = await Assert.ThrowsAsync<BatchTooLargeException>(() => Store.AppendEventsAsync(session, tooLarge));

        Assert.Equal(session, refused.Key);
        Assert.True(refused.Size > refused.Limit, refused.Message);
        Assert.Empty(await Store.ListEventsAsync(session));
        var largest = BatchOf(session, "max", LargestBatch);
        if (await RefusedWithoutAtomicWritesAsync(session, largest)) return;
        var stored = await Store.AppendEventsAsync(session, largest);
        Assert.Equal(Enumerable.Range(1, LargestBatch).Select(i => (long)i), stored.Select(e => e.SeqNum));
        Assert.Equal(LargestBatch, (await Store.ListEventsAsync(session)).Count);
    }

    /// <summary>Conformance: Concurrent batches interleave whole with no gap.</summary>
    [ConformanceFact]
    public async Task ConcurrentBatchesInterleaveWholeWithNoGap()
    {
        var session = NewId("s");
        const int writers = 4, batches = 5, size = 4;
        if (await RefusedWithoutAtomicWritesAsync(session, BatchOf(session, "probe", 2))) return;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < batches; b++) await Store.AppendEventsAsync(session, BatchOf(session, $"w{w}b{b}-", size));
        })));

        var ledger = await Store.ListEventsAsync(session);
        Assert.Equal(Enumerable.Range(1, writers * batches * size).Select(i => (long)i), ledger.Select(e => e.SeqNum));
        // Each batch occupies consecutive numbers, in its own order.
        foreach (var chunk in ledger.Chunk(size))
        {
            var prefix = chunk[0].Id[..chunk[0].Id.IndexOf('-', StringComparison.Ordinal)];
            Assert.Equal(Enumerable.Range(1, size).Select(i => NewId($"{prefix}-{i}")), chunk.Select(e => e.Id));
        }
    }

    /// <summary>Conformance: Malformed batches are refused before any io.</summary>
    [ConformanceFact]
    public async Task MalformedBatchesAreRefusedBeforeAnyIo()
    {
        var session = NewId("s");
        var a = EventOf(NewId("a"), session);
        var b = EventOf(NewId("b"), session);

        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.AppendEventsAsync(session, []));
        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.AppendEventsAsync(session, null!));
        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.AppendEventsAsync("", [a]));
        var twice = await Assert.ThrowsAsync<StorageArgumentException>(() => Store.AppendEventsAsync(session, [a, a]));
        Assert.Equal("events[1].Id", twice.ParamName);
        var elsewhere = await Assert.ThrowsAsync<StorageArgumentException>(() => Store.AppendEventsAsync(session, [a, b with { SessionId = NewId("other") }]));
        Assert.Equal("events[1].SessionId", elsewhere.ParamName);
        var mixedNumbers = await Assert.ThrowsAsync<StorageArgumentException>(() => Store.AppendEventsAsync(session, [a, b with { SeqNum = 2 }]));
        Assert.Equal("events[1].SeqNum", mixedNumbers.ParamName);
        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.AppendEventsAsync(session, [a with { SeqNum = 1 }, b with { SeqNum = 3 }]));
        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.AppendEventsAsync(session, [a, b], expectedLastSeq: -1));
        var noType = await Assert.ThrowsAsync<StorageArgumentException>(() => Store.AppendEventsAsync(session, [a, b with { Type = "" }]));
        Assert.Equal("events[1].Type", noType.ParamName);
        Assert.Empty(await Store.ListEventsAsync(session));
    }
}
