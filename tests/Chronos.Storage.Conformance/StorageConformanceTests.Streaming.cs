using Chronos.Storage.Providers;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// <see cref="IStorage.ReadEventsAsync"/> (the ledger read lazily, page by page) and
/// <see cref="IStorage.WatchEventsAsync"/> (the ledger as a live stream): issue 16 §5.
/// </summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>How long a watch test waits for the events it expects before it fails (a deadline, not a timing assert).</summary>
    private static readonly TimeSpan WatchDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Conformance: ReadEventsAsync streams the whole ledger in order across pages.</summary>
    [ConformanceFact]
    public async Task ReadEventsAsyncStreamsTheWholeLedgerInOrderAcrossPages()
    {
        // One page and a few more events: the second page must start right after the first one's last number.
        var session = NewId("s");
        var length = StorageEngine.ReadEventsPageSize + 7;
        await AppendSmallLedgerAsync(session, 1, length);

        var seqs = new List<long>();
        await foreach (var @event in Store.ReadEventsAsync(session)) seqs.Add(@event.SeqNum);
        Assert.Equal(Enumerable.Range(1, length).Select(i => (long)i), seqs);

        var after = new List<long>();
        await foreach (var @event in Store.ReadEventsAsync(session, StorageEngine.ReadEventsPageSize - 3)) after.Add(@event.SeqNum);
        Assert.Equal(Enumerable.Range(StorageEngine.ReadEventsPageSize - 2, 10).Select(i => (long)i), after);

        await foreach (var unexpected in Store.ReadEventsAsync(session, length)) Assert.Fail($"Nothing follows the last number; got {unexpected.SeqNum}.");
        await foreach (var unexpected in Store.ReadEventsAsync(NewId("s-none"))) Assert.Fail($"An unknown session has no ledger; got {unexpected.SeqNum}.");
    }

    /// <summary>Conformance: ReadEventsAsync returns what ListEventsAsync returns.</summary>
    [ConformanceFact]
    public async Task ReadEventsAsyncReturnsWhatListEventsAsyncReturns()
    {
        var session = NewId("s");
        await AppendSmallLedgerAsync(session, 1, 40);
        var streamed = new List<Event>();
        await foreach (var @event in Store.ReadEventsAsync(session, 5)) streamed.Add(@event);
        var listed = await Store.ListEventsAsync(session, 5);
        Assert.Equal(35, listed.Count);
        Assert.Equal(listed.Count, streamed.Count);
        for (var i = 0; i < listed.Count; i++) RecordAssert.Same(listed[i], streamed[i]);
    }

    /// <summary>Conformance: ReadEventsAsync refuses bad arguments when called not when enumerated.</summary>
    [ConformanceFact]
    public async Task ReadEventsAsyncRefusesBadArgumentsWhenCalledNotWhenEnumerated()
    {
        var negative = Assert.Throws<StorageArgumentException>(() => Store.ReadEventsAsync(NewId("s"), -1));
        Assert.Equal("afterSeq", negative.ParamName);
        var empty = Assert.Throws<StorageArgumentException>(() => Store.ReadEventsAsync(""));
        Assert.Equal("sessionId", empty.ParamName);
        Assert.Equal("afterSeq", Assert.Throws<StorageArgumentException>(() => Store.WatchEventsAsync(NewId("s"), -1)).ParamName);
    }

    /// <summary>Conformance: A token cancelled in the middle of ReadEventsAsync ends it with operation canceled and the store stays usable.</summary>
    [ConformanceFact]
    public async Task ATokenCancelledInTheMiddleOfReadEventsAsyncEndsItWithOperationCanceledAndTheStoreStaysUsable()
    {
        var session = NewId("s");
        var length = StorageEngine.ReadEventsPageSize + 7;
        await AppendSmallLedgerAsync(session, 1, length);

        using var source = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var @event in Store.ReadEventsAsync(session, 0, source.Token))
            {
                Assert.Equal(++seen, @event.SeqNum);
                if (seen == 10) await source.CancelAsync();
            }
        });
        // Cancelled in the middle of the first page: not one event more was handed out.
        Assert.Equal(10, seen);
        Assert.Equal(length, (await Store.ListEventsAsync(session)).Count);

        // WithCancellation's token (not the parameter) cancels the same way.
        using var viaEnumerator = new CancellationTokenSource();
        seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Store.ReadEventsAsync(session).WithCancellation(viaEnumerator.Token))
            {
                if (++seen == 3) await viaEnumerator.CancelAsync();
            }
        });
        Assert.Equal(3, seen);
    }

    /// <summary>Conformance: WatchEventsAsync delivers events appended by other tasks in order with no gap.</summary>
    [ConformanceFact]
    public async Task WatchEventsAsyncDeliversEventsAppendedByOtherTasksInOrderWithNoGap()
    {
        var session = NewId("s");
        await AppendSmallLedgerAsync(session, 1, 3);
        const int writers = 4, perWriter = 10, total = 3 + (writers * perWriter);

        using var deadline = new CancellationTokenSource(WatchDeadline);
        var received = new List<long>();
        var watching = Task.Run(async () =>
        {
            await foreach (var @event in Store.WatchEventsAsync(session, 0, deadline.Token))
            {
                received.Add(@event.SeqNum);
                if (received.Count == total) break;
            }
        });
        // Appends start while the watch is already waiting (and may race with its first read): concurrent writers,
        // numbered by the store, so the watch sees them in ledger order whatever order they commit in.
        await Task.Delay(100);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++) await Store.AppendEventAsync(EventOf(NewId($"e-w{w}-{i}"), session));
        })));
        await watching;

        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), received);
    }

    /// <summary>Conformance: WatchEventsAsync resumes after the given number and then follows new appends.</summary>
    [ConformanceFact]
    public async Task WatchEventsAsyncResumesAfterTheGivenNumberAndThenFollowsNewAppends()
    {
        var session = NewId("s");
        await AppendSmallLedgerAsync(session, 1, 10);

        using var deadline = new CancellationTokenSource(WatchDeadline);
        var received = new List<Event>();
        await foreach (var @event in Store.WatchEventsAsync(session, 7, deadline.Token))
        {
            received.Add(@event);
            if (@event.SeqNum == 10) await Store.AppendEventAsync(EventOf(NewId("e-11"), session));
            if (@event.SeqNum == 11) break;
        }
        Assert.Equal([8L, 9L, 10L, 11L], received.Select(e => e.SeqNum));
        Assert.Equal(NewId("e-11"), received[^1].Id);
    }

    /// <summary>Conformance: Cancelling WatchEventsAsync ends the enumeration quietly.</summary>
    [ConformanceFact]
    public async Task CancellingWatchEventsAsyncEndsTheEnumerationQuietly()
    {
        var session = NewId("s");
        await AppendSmallLedgerAsync(session, 1, 2);

        // Cancelled while waiting for new events: the loop simply ends (documented on IStorage.WatchEventsAsync).
        using var source = new CancellationTokenSource();
        var received = new List<long>();
        var watch = Task.Run(async () =>
        {
            await foreach (var @event in Store.WatchEventsAsync(session, 0, source.Token)) received.Add(@event.SeqNum);
        });
        while (received.Count < 2 && !watch.IsCompleted) await Task.Delay(10);
        await source.CancelAsync();
        var ended = await Task.WhenAny(watch, Task.Delay(WatchDeadline));
        Assert.Same(watch, ended);
        await watch; // no OperationCanceledException
        Assert.Equal([1L, 2L], received);

        // Already cancelled: nothing is read, nothing thrown.
        await foreach (var unexpected in Store.WatchEventsAsync(session, 0, source.Token)) Assert.Fail($"A cancelled watch yielded {unexpected.SeqNum}.");

        // Cancelled by the consumer while handling an event: no further event is handed out.
        using var consumer = new CancellationTokenSource();
        var handled = 0;
        await foreach (var _ in Store.WatchEventsAsync(session, 0, consumer.Token))
        {
            handled++;
            await consumer.CancelAsync();
        }
        Assert.Equal(1, handled);
    }

    /// <summary>Appends events numbered <paramref name="from"/>..<paramref name="to"/> with small payloads, 32 at a time.</summary>
    protected async Task AppendSmallLedgerAsync(string session, int from, int to)
    {
        for (var start = from; start <= to; start += 32)
        {
            var end = Math.Min(to, start + 31);
            await Task.WhenAll(Enumerable.Range(start, end - start + 1).Select(seq => Store.AppendEventAsync(EventOf(NewId("e" + seq), session, seq, At(1)))));
        }
    }
}
