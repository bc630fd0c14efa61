using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>Session deletion cascade and idempotent migration.</summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>
    /// The cascade boundary: events, checkpoints, traces and short-term memory go with the session; audit logs and
    /// long-term memory outlive it by design.
    /// </summary>
    [ConformanceFact]
    public async Task DeleteSessionRemovesItsSessionScopedDataAndKeepsAuditLogsAndLongTermMemory()
    {
        var agent = NewId("agent");
        var doomed = await SeedSessionWithEverything(NewId("doomed"), agent, "d");
        var survivor = await SeedSessionWithEverything(NewId("survivor"), agent, "v");

        await Store.DeleteSessionAsync(doomed.Session.Id);

        Assert.Null(await Store.GetSessionAsync(doomed.Session.Id));
        Assert.Empty(await Store.ListEventsAsync(doomed.Session.Id));
        Assert.Null(await Store.GetLatestCheckpointAsync(doomed.Session.Id));
        Assert.Null(await Store.GetCheckpointAsync(doomed.Checkpoint.Id));
        Assert.Empty(await Store.ListTracesAsync(doomed.Session.Id));
        Assert.Null(await Store.GetMemoryAsync(agent, doomed.ShortTerm.Key));
        RecordAssert.Same(doomed.LongTerm, await Store.GetMemoryAsync(agent, doomed.LongTerm.Key));
        var audit = await Store.ListAuditLogsAsync(agent, 10);
        Assert.Contains(audit, a => a.Id == doomed.Audit.Id);

        RecordAssert.Same(survivor.Session, await Store.GetSessionAsync(survivor.Session.Id));
        RecordAssert.Same(survivor.Event, Assert.Single(await Store.ListEventsAsync(survivor.Session.Id)));
        RecordAssert.Same(survivor.Checkpoint, await Store.GetLatestCheckpointAsync(survivor.Session.Id));
        RecordAssert.Same(survivor.Trace, Assert.Single(await Store.ListTracesAsync(survivor.Session.Id)));
        RecordAssert.Same(survivor.ShortTerm, await Store.GetMemoryAsync(agent, survivor.ShortTerm.Key));
        RecordAssert.Same(survivor.ShortTerm, Assert.Single(await Store.ListMemoryAsync(agent, MemoryKind.ShortTerm)));
        Assert.Equal(
            new[] { doomed.LongTerm.Id, survivor.LongTerm.Id }.Order(),
            (await Store.ListMemoryAsync(agent, MemoryKind.LongTerm)).Select(m => m.Id).Order());
        Assert.Equal(new[] { doomed.Audit.Id, survivor.Audit.Id }.Order(), audit.Select(a => a.Id).Order());
    }

    /// <summary>Deleting is idempotent, so an interrupted delete can simply be repeated.</summary>
    [ConformanceFact]
    public async Task DeleteSessionTwiceOrMissingIsNotAnError()
    {
        var session = await Store.CreateSessionAsync(SessionOf(NewId("s"), NewId("agent"), At(1)));

        await Store.DeleteSessionAsync(session.Id);
        await Store.DeleteSessionAsync(session.Id);
        await Store.DeleteSessionAsync(NewId("never-existed"));

        Assert.Null(await Store.GetSessionAsync(session.Id));
    }

    /// <summary>
    /// Deleting a session leaves no ledger counter or index entry behind: the same id starts again at sequence 1.
    /// </summary>
    [ConformanceFact]
    public async Task ADeletedSessionIdCanBeReusedWithAFreshLedger()
    {
        var seeded = await SeedSessionWithEverything(NewId("s"), NewId("agent"), "r");
        await Store.DeleteSessionAsync(seeded.Session.Id);

        var again = await Store.CreateSessionAsync(SessionOf(seeded.Session.Id, seeded.Session.AgentId, At(50)));
        var first = await Store.AppendEventAsync(EventOf(NewId("fresh"), again.Id));

        Assert.Equal(1, again.Version);
        Assert.Equal(1, first.SeqNum);
    }

    /// <summary>
    /// Migrating an up-to-date store changes nothing and loses nothing, so every process may migrate on start.
    /// </summary>
    [ConformanceFact]
    public async Task MigrateAgainIsANoOpThatKeepsData()
    {
        var seeded = await SeedSessionWithEverything(NewId("s"), NewId("agent"), "m");

        await Store.MigrateAsync();
        await Store.MigrateAsync();

        RecordAssert.Same(seeded.Session, await Store.GetSessionAsync(seeded.Session.Id));
        RecordAssert.Same(seeded.Event, Assert.Single(await Store.ListEventsAsync(seeded.Session.Id)));
        RecordAssert.Same(seeded.Checkpoint, await Store.GetCheckpointAsync(seeded.Checkpoint.Id));
        RecordAssert.Same(seeded.Trace, Assert.Single(await Store.ListTracesAsync(seeded.Session.Id)));
        RecordAssert.Same(seeded.LongTerm, await Store.GetMemoryAsync(seeded.Session.AgentId, seeded.LongTerm.Key));
        RecordAssert.Same(seeded.Audit, Assert.Single(await Store.ListAuditLogsAsync(seeded.Session.AgentId, 10)));
        Assert.Equal(2, (await Store.AppendEventAsync(EventOf(NewId("after-migrate"), seeded.Session.Id))).SeqNum);
    }

    /// <summary>
    /// Several processes starting at once all migrate without error and create the schema once (the migration lock
    /// works).
    /// </summary>
    [ConformanceFact]
    public async Task ConcurrentMigrationsSucceed()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Store.MigrateAsync())));

        var created = await Store.CreateSessionAsync(SessionOf(NewId("s"), NewId("agent"), At(1)));
        RecordAssert.Same(created, await Store.GetSessionAsync(created.Id));
    }

    /// <summary>One record of every kind tied to one session, as stored.</summary>
    protected sealed record SeededSession(
        Session Session, Event Event, Checkpoint Checkpoint, Trace Trace, MemoryRecord ShortTerm, MemoryRecord LongTerm, AuditLog Audit);

    /// <summary>Creates a session with one event, checkpoint, trace, short- and long-term memory and audit entry.</summary>
    protected async Task<SeededSession> SeedSessionWithEverything(string sessionId, string agentId, string tag)
    {
        var session = await Store.CreateSessionAsync(SessionOf(sessionId, agentId, At(1)));
        var @event = await Store.AppendEventAsync(EventOf(NewId("e-" + tag), sessionId, createdAt: At(2)));
        var checkpoint = await Store.SaveCheckpointAsync(CheckpointOf(NewId("c-" + tag), sessionId, @event.SeqNum, At(3)));
        var trace = await Store.InsertTraceAsync(TraceOf(NewId("t-" + tag), sessionId, At(4)));
        var shortTerm = await Store.PutMemoryAsync(MemoryOf(NewId("ms-" + tag), agentId, "short-" + tag, MemoryKind.ShortTerm, sessionId, At(5)));
        var longTerm = await Store.PutMemoryAsync(MemoryOf(NewId("ml-" + tag), agentId, "long-" + tag, MemoryKind.LongTerm, sessionId, At(6)));
        var audit = await Store.InsertAuditLogAsync(AuditOf(NewId("a-" + tag), agentId, sessionId, At(7)));
        return new SeededSession(session, @event, checkpoint, trace, shortTerm, longTerm, audit);
    }
}
