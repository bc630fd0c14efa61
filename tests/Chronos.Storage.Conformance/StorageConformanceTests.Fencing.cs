using Xunit;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Conformance;

/// <summary>
/// Single-writer fencing (issue 16 §3): an append with an expected last sequence number succeeds only while the
/// ledger still ends there; otherwise <see cref="ConcurrencyConflictException"/> naming the session, the expected and the
/// actual number, and nothing written. A re-append of a stored id returns the stored event whatever the expectation.
/// </summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>Rounds of the fencing race; each round all writers race for the same next number.</summary>
    protected virtual int FencingRounds => 20;

    /// <summary>
    /// The single-writer fence lets a writer append while its view of the ledger end is current, including the empty
    /// ledger (expected 0).
    /// </summary>
    [ConformanceFact]
    public async Task AFencedAppendSucceedsWhileTheLedgerEndsAtTheExpectedNumber()
    {
        var session = NewId("s");

        var first = await Store.AppendEventAsync(EventOf(NewId("e1"), session, createdAt: At(1)), expectedLastSeq: 0);
        var second = await Store.AppendEventAsync(EventOf(NewId("e2"), session, createdAt: At(2)), expectedLastSeq: 1);
        var supplied = await Store.AppendEventAsync(EventOf(NewId("e3"), session, 3, At(3)), expectedLastSeq: 2);

        Assert.Equal([1L, 2, 3], new[] { first, second, supplied }.Select(e => e.SeqNum));
        RecordAssert.Same(EventOf(NewId("e2"), session, 2, At(2)), (await Store.ListEventsAsync(session))[1]);
    }

    /// <summary>
    /// A writer whose view of the ledger is stale is stopped inside the atomic append, told the session and both
    /// numbers, and nothing of its event is stored.
    /// </summary>
    [ConformanceFact]
    public async Task AStaleExpectationThrowsConcurrencyConflictNamingSessionExpectedAndActualAndWritesNothing()
    {
        var session = NewId("s");
        await Store.AppendEventAsync(EventOf(NewId("e1"), session));
        await Store.AppendEventAsync(EventOf(NewId("e2"), session));

        var behind = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.AppendEventAsync(EventOf(NewId("late"), session), expectedLastSeq: 1));
        var ahead = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.AppendEventAsync(EventOf(NewId("early"), session, 9), expectedLastSeq: 5));
        var empty = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.AppendEventAsync(EventOf(NewId("first"), session), expectedLastSeq: 0));

        Assert.Equal((session, 1L, (long?)2), (behind.Key, behind.ExpectedVersion, behind.ActualVersion));
        Assert.Equal((5L, (long?)2), (ahead.ExpectedVersion, ahead.ActualVersion));
        Assert.Equal((0L, (long?)2), (empty.ExpectedVersion, empty.ActualVersion));
        Assert.Contains(session, behind.Message, StringComparison.Ordinal);
        Assert.Contains("expected " + LedgerSequence.LastSeqField + " 1, found 2", behind.Message, StringComparison.Ordinal);
        Assert.Equal([NewId("e1"), NewId("e2")], (await Store.ListEventsAsync(session)).Select(e => e.Id));
        // The refused ids were not taken: they append normally afterwards.
        Assert.Equal(3, (await Store.AppendEventAsync(EventOf(NewId("late"), session), expectedLastSeq: 2)).SeqNum);
    }

    /// <summary>
    /// Retrying an append that already succeeded must be idempotent even with a fence: the retry sees a newer ledger
    /// end but gets the stored event back, not a conflict.
    /// </summary>
    [ConformanceFact]
    public async Task AFencedReappendOfAStoredIdReturnsTheStoredEventEvenWhenTheExpectationIsStale()
    {
        var session = NewId("s");
        var mine = await Store.AppendEventAsync(EventOf(NewId("mine"), session, createdAt: At(1)), expectedLastSeq: 0);
        await Store.AppendEventAsync(EventOf(NewId("theirs"), session, createdAt: At(2)));

        // The writer's reply was lost and it retries with the expectation it had: its own event comes back.
        var retried = await Store.AppendEventAsync(EventOf(NewId("mine"), session, createdAt: At(5)), expectedLastSeq: 0);

        RecordAssert.Same(mine, retried);
        Assert.Equal([1L, 2], (await Store.ListEventsAsync(session)).Select(e => e.SeqNum));
    }

    /// <summary>
    /// The fence under contention: writers that all expect the same ledger end race, one wins per round, and the
    /// ledger never forks or skips a number.
    /// </summary>
    [ConformanceFact]
    public async Task EightFencedWritersRacingForTheSameNumberExactlyOneWinsEachRoundWithNoForkAndNoGap()
    {
        var session = NewId("s");
        var rounds = FencingRounds;
        const int writers = 8;
        for (var round = 0; round < rounds; round++)
        {
            var expected = (long)round;
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                await start.Task;
                try
                {
                    return (Stored: await Store.AppendEventAsync(EventOf($"{session}-r{round}-w{w}", session), expectedLastSeq: expected), Conflict: (ConcurrencyConflictException?)null);
                }
                catch (ConcurrencyConflictException conflict)
                {
                    return (Stored: (Event?)null, Conflict: conflict);
                }
            })).ToArray();
            start.SetResult();
            var results = await Task.WhenAll(attempts);

            var winner = Assert.Single(results, r => r.Stored is not null).Stored!;
            Assert.Equal(expected + 1, winner.SeqNum);
            Assert.All(results.Where(r => r.Conflict is not null).Select(r => r.Conflict!), c =>
            {
                Assert.Equal(session, c.Key);
                Assert.Equal(expected, c.ExpectedVersion);
                Assert.Equal(expected + 1, c.ActualVersion);
            });
            Assert.Equal(writers - 1, results.Count(r => r.Conflict is not null));
        }

        var ledger = await Store.ListEventsAsync(session);
        Assert.Equal(Enumerable.Range(1, rounds).Select(i => (long)i), ledger.Select(e => e.SeqNum)); // no gap, no fork
        Assert.Equal(rounds, ledger.Select(e => e.Id).Distinct().Count());
        for (var round = 0; round < rounds; round++) Assert.StartsWith($"{session}-r{round}-w", ledger[round].Id, StringComparison.Ordinal);
    }
}
