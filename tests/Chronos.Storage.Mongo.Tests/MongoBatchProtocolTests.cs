using Chronos.Storage.Conformance;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>
/// The ordered batch protocol (MongoEventBatches) between its steps: a fault after any step before the commit point
/// leaves nothing visible and does not block the next append at the same numbers; after it, everything is visible;
/// readers never see a batch in flight; a writer that outlives its lease is aborted and starts over.
/// </summary>
/// <remarks>
/// Faults come from the internal <c>AfterStep</c> hook, which throws past the adapter's cleanup exactly where a process
/// dying there would stop (nothing after the throw runs). A killed child process would test the same states through a
/// slower harness; the hook also lets a test hold a batch in flight while it reads.
/// </remarks>
[RequiresTestServer(TestServers.Mongo)]
public sealed class MongoBatchProtocolTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(400);

    private MongoStorage? _first;
    private MongoStorage? _second;

    /// <summary>One writer (the one that faults or stalls).</summary>
    private MongoStorage First => _first!;

    /// <summary>Another writer on the same database, as another process would be.</summary>
    private MongoStorage Second => _second!;

    private IMongoCollection<BsonDocument> RawEvents => First.Database.GetCollection<BsonDocument>("events");

    private IMongoCollection<BsonDocument> RawTxns => First.Database.GetCollection<BsonDocument>(MongoPendingWrites.CollectionName);

    public async Task InitializeAsync()
    {
        var name = MongoTestDatabase.NewName(nameof(MongoBatchProtocolTests));
        _first = await OpenAsync(name, Lease);
        _second = await OpenAsync(name, Lease);
        await First.AppendEventAsync(Event("e0"));
    }

    private static Task<MongoStorage> OpenAsync(string database, TimeSpan lease) => MongoTestDatabase.OpenAsync(database, lease);

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await MongoTestDatabase.DropAsync(First);
    }

    [ServerTheory(TestServers.Mongo)]
    [InlineData("begun")]
    [InlineData("inserted")]
    public async Task AFaultBeforeTheCommitPointLeavesNothingVisibleAndTheNextAppendTakesTheSameNumbers(string step)
    {
        First.Batches.AfterStep = (at, _) => at == step ? throw new SimulatedCrashException() : Task.CompletedTask;
        var crashed = Batch("c", 3);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => First.AppendEventsAsync("s", crashed));

        // The fault left the batch's traces on the server, and no read shows them.
        Assert.Equal(1, await RawTxns.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
        Assert.Equal(step == "inserted" ? 4 : 1, await RawEvents.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
        Assert.Equal(["e0"], (await Second.ListEventsAsync("s")).Select(e => e.Id));
        Assert.Empty(await Second.ListEventsAsync("s", afterSeq: 1));

        // Another writer takes the same numbers once the lease has run out, and the dead batch is removed.
        await Task.Delay(Lease);
        var next = await Second.AppendEventsAsync("s", Batch("n", 2));
        Assert.Equal([1L, 2, 3], (await Second.ListEventsAsync("s")).Select(e => e.SeqNum));
        Assert.Equal([2L, 3], next.Select(e => e.SeqNum));
        Assert.Equal(3, await RawEvents.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
        Assert.Equal(0, await RawTxns.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));

        // The crashed batch, retried, is new again: its ids were never stored.
        First.Batches.AfterStep = null;
        Assert.Equal([4L, 5, 6], (await First.AppendEventsAsync("s", crashed)).Select(e => e.SeqNum));
    }

    [ServerFact(TestServers.Mongo)]
    public async Task AFaultAfterTheCommitPointLeavesTheWholeBatchVisibleAndTheNextWriterSettlesIt()
    {
        First.Batches.AfterStep = (at, _) => at == "committed" ? throw new SimulatedCrashException() : Task.CompletedTask;

        await Assert.ThrowsAsync<SimulatedCrashException>(() => First.AppendEventsAsync("s", Batch("c", 3)));

        Assert.Equal(3, await RawEvents.CountDocumentsAsync(new BsonDocument(MongoPendingWrites.MarkerElement, new BsonDocument("$exists", true))));
        Assert.Equal(["e0", "c1", "c2", "c3"], (await Second.ListEventsAsync("s")).Select(e => e.Id));
        Assert.Equal("c2", (await Second.ListEventsAsync("s", afterSeq: 2))[0].Id);
        // A retry of the committed batch returns the stored events.
        First.Batches.AfterStep = null;
        Assert.Equal([2L, 3, 4], (await First.AppendEventsAsync("s", Batch("c", 3))).Select(e => e.SeqNum));

        Assert.Equal(5, (await Second.AppendEventAsync(Event("after"))).SeqNum);
        Assert.Equal(0, await RawEvents.CountDocumentsAsync(new BsonDocument(MongoPendingWrites.MarkerElement, new BsonDocument("$exists", true))));
        Assert.Equal(0, await RawTxns.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [ServerFact(TestServers.Mongo)]
    public async Task ADeadBatchBelowTheTailNeverBlocksItsIdsOrNumbers()
    {
        First.Batches.AfterStep = (at, _) => at == "inserted" ? throw new SimulatedCrashException() : Task.CompletedTask;
        var dead = new List<Event> { Event("x1") with { SeqNum = 10 }, Event("x2") with { SeqNum = 11 } };
        await Assert.ThrowsAsync<SimulatedCrashException>(() => First.AppendEventsAsync("s", dead));
        await Second.AppendEventAsync(Event("high") with { SeqNum = 20 });
        await Task.Delay(Lease);

        // Neither the id (store-numbered append) nor the number (supplied) stays taken by the dead batch.
        var reused = await Second.AppendEventAsync(Event("x1")).WaitAsync(TimeSpan.FromSeconds(30));
        var renumbered = await Second.AppendEventAsync(Event("again") with { SeqNum = 11 }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((21L, 11L), (reused.SeqNum, renumbered.SeqNum));
        Assert.Equal(["e0", "again", "high", "x1"], (await Second.ListEventsAsync("s")).Select(e => e.Id));
        Assert.Equal(4, await RawEvents.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [ServerFact(TestServers.Mongo)]
    public async Task ReadersNeverSeeABatchInFlightAndAConcurrentAppendWaitsForIt()
    {
        var inserted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        First.Batches.AfterStep = async (at, _) =>
        {
            if (at != "inserted") return;
            inserted.SetResult();
            await release.Task;
        };
        var batch = First.AppendEventsAsync("s", Batch("b", 4));
        await inserted.Task;

        // A writer whose lease outlasts the test: it must wait for the batch, neither skip past it nor abort it.
        await using var patient = await OpenAsync(First.Database.DatabaseNamespace.DatabaseName, TimeSpan.FromMinutes(5));
        var single = patient.AppendEventAsync(Event("single"));
        var seen = new HashSet<int>();
        for (var i = 0; i < 10; i++)
        {
            seen.Add((await patient.ListEventsAsync("s")).Count);
            Assert.Empty(await patient.ListEventsAsync("s", afterSeq: 1));
        }
        Assert.Equal([1], seen);
        Assert.False(single.IsCompleted);

        release.SetResult();
        Assert.Equal([2L, 3, 4, 5], (await batch).Select(e => e.SeqNum));
        Assert.Equal(6, (await single).SeqNum);
        Assert.Equal([1L, 2, 3, 4, 5, 6], (await patient.ListEventsAsync("s")).Select(e => e.SeqNum));
    }

    [ServerFact(TestServers.Mongo)]
    public async Task AWriterThatOutlivesItsLeaseIsAbortedAndStartsOverWithoutAForkOrAGap()
    {
        var inserted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stalls = 0;
        First.Batches.AfterStep = async (at, _) =>
        {
            if (at != "inserted" || Interlocked.Increment(ref stalls) != 1) return;
            inserted.SetResult();
            await release.Task;
        };
        var slow = First.AppendEventsAsync("s", Batch("slow", 3));
        await inserted.Task;

        // The other writer waits out the lease, aborts the stalled batch and takes its numbers.
        Assert.Equal([2L, 3], (await Second.AppendEventsAsync("s", Batch("fast", 2))).Select(e => e.SeqNum));
        release.SetResult();

        Assert.Equal([4L, 5, 6], (await slow).Select(e => e.SeqNum));
        Assert.Equal(["e0", "fast1", "fast2", "slow1", "slow2", "slow3"], (await Second.ListEventsAsync("s")).Select(e => e.Id));
        Assert.Equal(6, await RawEvents.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [ServerFact(TestServers.Mongo)]
    public async Task EightFencedBatchWritersRacingExactlyOneWinsEachRound()
    {
        const int rounds = 4;
        var writers = new[] { First, Second };
        for (var round = 0; round < rounds; round++)
        {
            var expected = 1 + (round * 3);
            var attempts = Enumerable.Range(0, 8).Select(async w =>
            {
                try
                {
                    await writers[w % 2].AppendEventsAsync("s", Batch($"r{round}w{w}-", 3), expectedLastSeq: expected);
                    return true;
                }
                catch (ConcurrencyConflictException conflict)
                {
                    Assert.Equal(expected, conflict.ExpectedVersion);
                    return false;
                }
            }).ToList();
            Assert.Single(await Task.WhenAll(attempts), won => won);
        }
        var ledger = await First.ListEventsAsync("s");
        Assert.Equal(Enumerable.Range(1, 1 + (rounds * 3)).Select(i => (long)i), ledger.Select(e => e.SeqNum));
        Assert.Equal(0, await RawTxns.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    private static Event Event(string id) => new() { Id = id, SessionId = "s", Type = "t" };

    private static List<Event> Batch(string prefix, int count) => [.. Enumerable.Range(1, count).Select(i => Event($"{prefix}{i}"))];

    private sealed class SimulatedCrashException : Exception;
}
