using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// The atomic turn (issue 16 §4): the session update with its version check, the events (optionally fenced), the
/// checkpoint and the audit entries are all visible, or none is. A conflict in any part writes nothing. A backend
/// without atomic turns (<see cref="SupportsAtomicTurns"/>) must refuse every turn with
/// <see cref="AtomicWriteNotSupportedException"/>, and each test then checks that refusal and that nothing was written.
/// </summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>
    /// The most records (session, events, checkpoint, audit entries) one turn may hold here; one more is refused with
    /// <see cref="BatchTooLargeException"/> before any write.
    /// </summary>
    protected virtual int LargestTurn => StorageLimits.MaxBatchRecords;

    /// <summary>A created session and a turn on it: three events, a checkpoint at the third, two audit entries.</summary>
    private async Task<(Session Session, TurnCommit Turn)> SessionAndTurnAsync(string tag = "")
    {
        var created = await Store.CreateSessionAsync(SessionOf(NewId("s" + tag), NewId("agent"), At(1)));
        var turn = new TurnCommit
        {
            Session = created with { Status = SessionStatus.Ended, Metadata = new JsonObject { ["turn"] = 1 } },
            Events = [.. Enumerable.Range(1, 3).Select(i => EventOf(NewId($"t{tag}e{i}"), created.Id, createdAt: At(10 + i)))],
            Checkpoint = CheckpointOf(NewId("t" + tag + "cp"), created.Id, 3, At(20)),
            AuditLogs = [AuditOf(NewId($"t{tag}a1"), created.AgentId, created.Id, At(21)), AuditOf(NewId($"t{tag}a2"), created.AgentId, created.Id, At(22))],
        };
        return (created, turn);
    }

    /// <summary>Nothing of <paramref name="turn"/> is visible: the session as created, no event, checkpoint or audit entry of the turn.</summary>
    private async Task AssertNothingOfTurnVisibleAsync(Session created, TurnCommit turn, IReadOnlyList<Event>? ledgerBefore = null)
    {
        RecordAssert.Same(created, await Store.GetSessionAsync(created.Id));
        Assert.Equal((ledgerBefore ?? []).Select(e => e.Id), (await Store.ListEventsAsync(created.Id)).Select(e => e.Id));
        if (turn.Checkpoint is { } checkpoint) Assert.Null(await Store.GetCheckpointAsync(checkpoint.Id));
        var audits = (await Store.ListSessionAuditLogsAsync(created.Id, 100)).Select(a => a.Id).ToHashSet();
        Assert.DoesNotContain(turn.AuditLogs, a => audits.Contains(a.Id));
    }

    /// <summary>True (after checking the refusal) when the backend cannot commit turns atomically.</summary>
    private async Task<bool> TurnRefusedWithoutAtomicWritesAsync(Session created, TurnCommit turn)
    {
        if (SupportsAtomicTurns) return false;
        var refused = await Assert.ThrowsAsync<AtomicWriteNotSupportedException>(() => Store.CommitTurnAsync(turn));
        Assert.Equal(created.Id, refused.Key);
        await AssertNothingOfTurnVisibleAsync(created, turn);
        return true;
    }

    /// <summary>Conformance: A turn commits the session its events checkpoint and audit entries together.</summary>
    [ConformanceFact]
    public async Task ATurnCommitsTheSessionItsEventsCheckpointAndAuditEntriesTogether()
    {
        var (created, turn) = await SessionAndTurnAsync();
        if (await TurnRefusedWithoutAtomicWritesAsync(created, turn)) return;

        var committed = await Store.CommitTurnAsync(turn);

        Assert.Equal(2, committed.Session.Version);
        var session = await Store.GetSessionAsync(created.Id);
        RecordAssert.Same(committed.Session, session);
        Assert.Equal(SessionStatus.Ended, session!.Status);
        Assert.Equal([1L, 2, 3], committed.Events.Select(e => e.SeqNum));
        var ledger = await Store.ListEventsAsync(created.Id);
        for (var i = 0; i < 3; i++) RecordAssert.Same(committed.Events[i], ledger[i]);
        RecordAssert.Same(turn.Checkpoint!, await Store.GetLatestCheckpointAsync(created.Id));
        var audits = await Store.ListSessionAuditLogsAsync(created.Id, 10);
        Assert.Equal([NewId("ta2"), NewId("ta1")], audits.Select(a => a.Id));
        RecordAssert.Same(turn.AuditLogs[0], audits[1]);
        // The next turn builds on the committed one.
        var next = await Store.CommitTurnAsync(new TurnCommit { Session = committed.Session, Events = [EventOf(NewId("next"), created.Id)], ExpectedLastSeq = 3 });
        Assert.Equal((3L, 4L), (next.Session.Version, next.Events.Single().SeqNum));
    }

    /// <summary>Conformance: A turn with only a session update or without events commits.</summary>
    [ConformanceFact]
    public async Task ATurnWithOnlyASessionUpdateOrWithoutEventsCommits()
    {
        var (created, turn) = await SessionAndTurnAsync();
        var sessionOnly = new TurnCommit { Session = created with { Status = SessionStatus.Ended } };
        if (await TurnRefusedWithoutAtomicWritesAsync(created, sessionOnly)) return;

        var first = await Store.CommitTurnAsync(sessionOnly);
        var second = await Store.CommitTurnAsync(turn with { Session = first.Session, Events = [], ExpectedLastSeq = 0 });

        Assert.Equal(3, second.Session.Version);
        Assert.Empty(second.Events);
        Assert.Empty(await Store.ListEventsAsync(created.Id));
        RecordAssert.Same(turn.Checkpoint!, await Store.GetCheckpointAsync(turn.Checkpoint!.Id));
    }

    /// <summary>Conformance: A turn with a stale session version writes nothing.</summary>
    [ConformanceFact]
    public async Task ATurnWithAStaleSessionVersionWritesNothing()
    {
        var (created, turn) = await SessionAndTurnAsync();
        if (await TurnRefusedWithoutAtomicWritesAsync(created, turn)) return;
        var moved = await Store.UpdateSessionAsync(created with { UserId = "someone else" });

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.CommitTurnAsync(turn));

        Assert.Equal((nameof(Session), created.Id, "version", 1L, (long?)2), (conflict.Entity, conflict.Key, conflict.Field, conflict.ExpectedVersion, conflict.ActualVersion));
        await AssertNothingOfTurnVisibleAsync(moved, turn);
    }

    /// <summary>Conformance: A turn on a missing session writes nothing.</summary>
    [ConformanceFact]
    public async Task ATurnOnAMissingSessionWritesNothing()
    {
        var (created, turn) = await SessionAndTurnAsync();
        if (await TurnRefusedWithoutAtomicWritesAsync(created, turn)) return;
        var missing = turn with { Session = turn.Session with { Id = NewId("missing") }, Events = [.. turn.Events.Select(e => e with { SessionId = NewId("missing") })], Checkpoint = null };

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.CommitTurnAsync(missing));

        Assert.Null(conflict.ActualVersion);
        Assert.Null(await Store.GetSessionAsync(NewId("missing")));
        Assert.Empty(await Store.ListEventsAsync(NewId("missing")));
        await AssertNothingOfTurnVisibleAsync(created, turn);
    }

    /// <summary>Conformance: A turn with a taken sequence number writes nothing.</summary>
    [ConformanceFact]
    public async Task ATurnWithATakenSequenceNumberWritesNothing()
    {
        var (created, turn) = await SessionAndTurnAsync();
        if (await TurnRefusedWithoutAtomicWritesAsync(created, turn)) return;
        var before = await Store.AppendEventsAsync(created.Id, [EventOf(NewId("x1"), created.Id), EventOf(NewId("x2"), created.Id)]);
        var taken = turn with { Events = [.. turn.Events.Select((e, i) => e with { SeqNum = 2 + i })] }; // 2 is taken

        await Assert.ThrowsAsync<DuplicateKeyException>(() => Store.CommitTurnAsync(taken));

        await AssertNothingOfTurnVisibleAsync(created, turn, before);
    }

    /// <summary>Conformance: A fenced turn whose ledger moved writes nothing.</summary>
    [ConformanceFact]
    public async Task AFencedTurnWhoseLedgerMovedWritesNothing()
    {
        var (created, turn) = await SessionAndTurnAsync();
        if (await TurnRefusedWithoutAtomicWritesAsync(created, turn)) return;
        var before = await Store.AppendEventsAsync(created.Id, [EventOf(NewId("x1"), created.Id)]);

        var fenced = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.CommitTurnAsync(turn with { ExpectedLastSeq = 0 }));
        var fencedWithoutEvents = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.CommitTurnAsync(turn with { Events = [], ExpectedLastSeq = 0 }));

        Assert.Equal((created.Id, LedgerSequence.LastSeqField, 0L, (long?)1), (fenced.Key, fenced.Field, fenced.ExpectedVersion, fenced.ActualVersion));
        Assert.Equal(LedgerSequence.LastSeqField, fencedWithoutEvents.Field);
        await AssertNothingOfTurnVisibleAsync(created, turn, before);
    }

    /// <summary>Conformance: A turn with a stored event or audit id writes nothing.</summary>
    [ConformanceFact]
    public async Task ATurnWithAStoredEventOrAuditIdWritesNothing()
    {
        var (created, turn) = await SessionAndTurnAsync();
        if (await TurnRefusedWithoutAtomicWritesAsync(created, turn)) return;
        var before = await Store.AppendEventsAsync(created.Id, [turn.Events[1]]);
        var storedAudit = await Store.InsertAuditLogAsync(AuditOf(NewId("taken"), created.AgentId, "", At(1)));

        var eventTaken = await Assert.ThrowsAsync<DuplicateKeyException>(() => Store.CommitTurnAsync(turn));
        var auditTaken = await Assert.ThrowsAsync<DuplicateKeyException>(() => Store.CommitTurnAsync(
            turn with { Events = [turn.Events[0]], AuditLogs = [turn.AuditLogs[0], storedAudit] }));

        Assert.Equal((nameof(Event), turn.Events[1].Id), (eventTaken.Entity, eventTaken.Key));
        Assert.Equal((nameof(AuditLog), storedAudit.Id), (auditTaken.Entity, auditTaken.Key));
        await AssertNothingOfTurnVisibleAsync(created, turn, before);
    }

    /// <summary>Conformance: Racing turns on one session version commit exactly one.</summary>
    [ConformanceFact]
    public async Task RacingTurnsOnOneSessionVersionCommitExactlyOne()
    {
        var (created, _) = await SessionAndTurnAsync();
        const int racers = 6;
        var turns = Enumerable.Range(0, racers).Select(r => new TurnCommit
        {
            Session = created with { Status = "racer-" + r },
            Events = [EventOf(NewId($"r{r}e1"), created.Id), EventOf(NewId($"r{r}e2"), created.Id)],
            Checkpoint = CheckpointOf(NewId($"r{r}cp"), created.Id, 2, At(5)),
        }).ToArray();
        if (await TurnRefusedWithoutAtomicWritesAsync(created, turns[0])) return;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = turns.Select(t => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                return (Committed: await Store.CommitTurnAsync(t), Conflict: (ConcurrencyConflictException?)null);
            }
            catch (ConcurrencyConflictException conflict)
            {
                return (Committed: (CommittedTurn?)null, Conflict: conflict);
            }
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Committed is not null).Committed!;
        Assert.Equal(racers - 1, results.Count(r => r.Conflict is not null));
        var session = await Store.GetSessionAsync(created.Id);
        Assert.Equal((2L, winner.Session.Status), (session!.Version, session.Status));
        Assert.Equal(winner.Events.Select(e => e.Id), (await Store.ListEventsAsync(created.Id)).Select(e => e.Id));
        var checkpoints = await Store.ListCheckpointsAsync(created.Id, 10);
        Assert.Equal(winner.Checkpoint!.Id, Assert.Single(checkpoints).Id);
    }

    /// <summary>Conformance: A malformed or oversized turn is refused before any write.</summary>
    [ConformanceFact]
    public async Task AMalformedOrOversizedTurnIsRefusedBeforeAnyWrite()
    {
        var (created, turn) = await SessionAndTurnAsync();

        var foreignCheckpoint = await Assert.ThrowsAsync<StorageArgumentException>(() => Store.CommitTurnAsync(turn with { Checkpoint = turn.Checkpoint! with { SessionId = NewId("other") } }));
        Assert.Equal("turn.Checkpoint.SessionId", foreignCheckpoint.ParamName);
        var foreignEvent = await Assert.ThrowsAsync<StorageArgumentException>(() => Store.CommitTurnAsync(turn with { Events = [turn.Events[0] with { SessionId = NewId("other") }] }));
        Assert.Equal("turn.Events[0].SessionId", foreignEvent.ParamName);
        var twice = await Assert.ThrowsAsync<StorageArgumentException>(() => Store.CommitTurnAsync(turn with { AuditLogs = [turn.AuditLogs[0], turn.AuditLogs[0]] }));
        Assert.Equal("turn.AuditLogs[1].Id", twice.ParamName);
        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.CommitTurnAsync(turn with { Session = turn.Session with { AgentId = "" } }));
        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.CommitTurnAsync(null!));
        var tooLarge = await Assert.ThrowsAsync<BatchTooLargeException>(() => Store.CommitTurnAsync(turn with
        {
            Events = [.. Enumerable.Range(1, LargestTurn).Select(i => EventOf(NewId($"big{i}"), created.Id))],
        }));
        Assert.Equal(created.Id, tooLarge.Key);
        await AssertNothingOfTurnVisibleAsync(created, turn);
    }
}
