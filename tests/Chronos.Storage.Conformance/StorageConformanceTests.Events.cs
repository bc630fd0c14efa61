using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>The event ledger: atomic gap-free numbering, idempotent re-append, strict afterSeq listing.</summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>
    /// The core ledger contract: numbers start at 1 per session with no gaps, and every stored field reads back
    /// exactly.
    /// </summary>
    [ConformanceFact]
    public async Task AppendAssignsOneTwoThreePerSessionAndListReadsEveryField()
    {
        var session = NewId("s");
        var other = NewId("s-other");

        var first = await Store.AppendEventAsync(EventOf(NewId("e1"), session, createdAt: At(1)));
        var otherFirst = await Store.AppendEventAsync(EventOf(NewId("o1"), other));
        var second = await Store.AppendEventAsync(EventOf(NewId("e2"), session, createdAt: At(2)));
        var third = await Store.AppendEventAsync(EventOf(NewId("e3"), session, createdAt: At(3)) with { Type = EventType.NodeExecuted, Payload = null });

        Assert.Equal([1L, 2L, 3L], new[] { first.SeqNum, second.SeqNum, third.SeqNum });
        Assert.Equal(1, otherFirst.SeqNum);
        var listed = await Store.ListEventsAsync(session);
        Assert.Equal(3, listed.Count);
        RecordAssert.Same(EventOf(NewId("e1"), session, 1, At(1)), listed[0]);
        RecordAssert.Same(EventOf(NewId("e2"), session, 2, At(2)), listed[1]);
        RecordAssert.Same(third, listed[2]);
        Assert.Null(listed[2].Payload);
    }

    /// <summary>
    /// Reading after a number is exclusive and ascending, so a consumer that remembers its last number resumes
    /// exactly.
    /// </summary>
    [ConformanceTheory]
    [InlineData(0, "1,2,3,4,5")]
    [InlineData(1, "2,3,4,5")]
    [InlineData(4, "5")]
    [InlineData(5, "")]
    [InlineData(99, "")]
    public async Task ListEventsReturnsSeqNumsStrictlyAfterAscending(long afterSeq, string expected)
    {
        var session = NewId("s");
        for (var i = 1; i <= 5; i++)
        {
            await Store.AppendEventAsync(EventOf(NewId("e" + i), session));
        }

        var listed = await Store.ListEventsAsync(session, afterSeq);

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse), listed.Select(e => e.SeqNum));
        Assert.Equal(listed.Select(e => NewId("e" + e.SeqNum)), listed.Select(e => e.Id));
    }

    /// <summary>An unknown session has an empty ledger, without error.</summary>
    [ConformanceFact]
    public async Task ListEventsOfUnknownSessionIsEmpty()
    {
        Assert.Empty(await Store.ListEventsAsync(NewId("nothing")));
    }

    /// <summary>
    /// Append is idempotent by id: a retry after a lost reply returns the stored event and does not consume a number.
    /// </summary>
    [ConformanceFact]
    public async Task ReappendingAnIdReturnsTheStoredEventAndWritesNothing()
    {
        var session = NewId("s");
        var original = await Store.AppendEventAsync(EventOf(NewId("e1"), session, createdAt: At(1)));
        await Store.AppendEventAsync(EventOf(NewId("e2"), session));

        var again = await Store.AppendEventAsync(EventOf(original.Id, session, createdAt: At(7)) with { Payload = new JsonObject { ["text"] = "retry" } });

        RecordAssert.Same(original, again);
        var listed = await Store.ListEventsAsync(session);
        Assert.Equal([1L, 2L], listed.Select(e => e.SeqNum));
        RecordAssert.Same(original, listed[0]);
        Assert.Equal(3, (await Store.AppendEventAsync(EventOf(NewId("e3"), session))).SeqNum);
    }

    /// <summary>Concurrent retries of one event id store it once and all return the same stored event.</summary>
    [ConformanceFact]
    public async Task ConcurrentReappendsOfOneIdStoreItOnce()
    {
        var session = NewId("s");
        await Store.AppendEventAsync(EventOf(NewId("before"), session));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.AppendEventAsync(EventOf(NewId("same"), session)))));

        Assert.All(results, r => Assert.Equal(2, r.SeqNum));
        Assert.Equal([NewId("before"), NewId("same")], (await Store.ListEventsAsync(session)).Select(e => e.Id));
    }

    /// <summary>
    /// An importer may supply its own sequence numbers; a free one is stored as given, not renumbered.
    /// </summary>
    [ConformanceFact]
    public async Task CallerSuppliedSeqNumIsKeptWhenFree()
    {
        var session = NewId("s");
        await Store.AppendEventAsync(EventOf(NewId("e1"), session));

        var supplied = await Store.AppendEventAsync(EventOf(NewId("e2"), session, seqNum: 2));
        var next = await Store.AppendEventAsync(EventOf(NewId("e3"), session));

        Assert.Equal(2, supplied.SeqNum);
        Assert.Equal(3, next.SeqNum);
        Assert.Equal([1L, 2L, 3L], (await Store.ListEventsAsync(session)).Select(e => e.SeqNum));
    }

    /// <summary>
    /// Two events may never share a number in one session: the second is refused with DuplicateKeyException and the
    /// first is untouched.
    /// </summary>
    [ConformanceFact]
    public async Task CallerSuppliedSeqNumThatIsTakenThrowsDuplicateKeyAndWritesNothing()
    {
        var session = NewId("s");
        var one = await Store.AppendEventAsync(EventOf(NewId("e1"), session));
        var two = await Store.AppendEventAsync(EventOf(NewId("e2"), session));

        var error = await Assert.ThrowsAsync<DuplicateKeyException>(() =>
            Store.AppendEventAsync(EventOf(NewId("intruder"), session, seqNum: 2)));

        Assert.Equal(nameof(Event), error.Entity);
        var listed = await Store.ListEventsAsync(session);
        Assert.Equal([one.Id, two.Id], listed.Select(e => e.Id));
        RecordAssert.Same(two, listed[1]);
        // Had the intruder been written, re-appending its id would return it with SeqNum 2.
        Assert.Equal(3, (await Store.AppendEventAsync(EventOf(NewId("intruder"), session))).SeqNum);
    }

    /// <summary>
    /// Many concurrent appends to one session get exactly the numbers 1..N, no gap and no duplicate: the atomic
    /// section of the adapter is real.
    /// </summary>
    [ConformanceFact]
    public async Task ConcurrentAppendsToOneSessionNumberExactlyOneToN()
    {
        var session = NewId("s");
        var writers = ConcurrentWriters;
        var perWriter = AppendsPerWriter;
        var total = writers * perWriter;
        var returned = new ConcurrentBag<(string Id, long SeqNum)>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < perWriter; i++)
            {
                var stored = await Store.AppendEventAsync(EventOf($"{session}-w{w}-{i}", session));
                returned.Add((stored.Id, stored.SeqNum));
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(tasks);

        var expectedSeqs = Enumerable.Range(1, total).Select(i => (long)i).ToArray();
        Assert.Equal(expectedSeqs, returned.Select(r => r.SeqNum).Order());
        var listed = await Store.ListEventsAsync(session);
        Assert.Equal(expectedSeqs, listed.Select(e => e.SeqNum));
        Assert.Equal(total, listed.Select(e => e.Id).Distinct().Count());
        var returnedById = returned.ToDictionary(r => r.Id, r => r.SeqNum);
        Assert.All(listed, e => Assert.Equal(returnedById[e.Id], e.SeqNum));
        // Each writer appended sequentially, so its own events must be in its own order.
        for (var w = 0; w < writers; w++)
        {
            var prefix = $"{session}-w{w}-";
            var mine = listed.Where(e => e.Id.StartsWith(prefix, StringComparison.Ordinal)).Select(e => int.Parse(e.Id[prefix.Length..]));
            Assert.Equal(Enumerable.Range(0, perWriter), mine);
        }
    }
}
