using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// The reads the Go seed has (issue 16 §1): a trace by id, a session's checkpoints newest first and paged, a session's
/// audit log newest first and paged (through the AuditLog <c>by_session</c> index of schema version 2).
/// </summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>A span reads back exactly by id, and a missing id is null.</summary>
    [ConformanceFact]
    public async Task GetTraceReadsTheStoredSpanAndNullWhenMissing()
    {
        var span = await Store.InsertTraceAsync(TraceOf(NewId("t"), NewId("s"), At(1), parentId: NewId("parent")));
        await Store.InsertTraceAsync(TraceOf(NewId("other"), span.SessionId, At(2)));

        RecordAssert.Same(span, await Store.GetTraceAsync(span.Id));
        Assert.Null(await Store.GetTraceAsync(NewId("missing")));
    }

    /// <summary>
    /// Spans are upserted as they progress (started, then ended); a read must see the latest write, not a cached
    /// first one.
    /// </summary>
    [ConformanceFact]
    public async Task GetTraceSeesTheLatestUpsert()
    {
        var started = await Store.InsertTraceAsync(TraceOf(NewId("t"), NewId("s"), At(1)));
        var ended = await Store.InsertTraceAsync(started with { EndedAt = At(5), Error = "boom" });

        RecordAssert.Same(ended, await Store.GetTraceAsync(started.Id));
    }

    /// <summary>
    /// Checkpoint lists use the same total order as the latest-checkpoint read, and paging walks it without overlap.
    /// </summary>
    [ConformanceFact]
    public async Task ListCheckpointsIsHighestSeqNumThenNewestThenIdDescendingAndPaged()
    {
        var session = NewId("s");
        foreach (var (name, seq, second) in new[] { ("a", 3L, 9), ("b", 7L, 1), ("c", 5L, 5), ("d", 7L, 2), ("e", 7L, 2), ("f", 0L, 0) })
        {
            await Store.SaveCheckpointAsync(CheckpointOf(NewId(name), session, seq, At(second)));
        }
        await Store.SaveCheckpointAsync(CheckpointOf(NewId("x"), NewId("other-session"), 99, At(99)));

        var all = await Store.ListCheckpointsAsync(session, 1000);
        var page = await Store.ListCheckpointsAsync(session, 2, 2);
        var beyond = await Store.ListCheckpointsAsync(session, 10, 6);

        string[] expected = [NewId("e"), NewId("d"), NewId("b"), NewId("c"), NewId("a"), NewId("f")];
        Assert.Equal(expected, all.Select(c => c.Id));
        Assert.Equal(expected[2..4], page.Select(c => c.Id));
        Assert.Empty(beyond);
        RecordAssert.Same(CheckpointOf(NewId("c"), session, 5, At(5)), all[3]);
        RecordAssert.Same(all[0], await Store.GetLatestCheckpointAsync(session));
    }

    /// <summary>An unknown session lists nothing, without error.</summary>
    [ConformanceFact]
    public async Task ListCheckpointsOfUnknownSessionIsEmpty()
    {
        Assert.Empty(await Store.ListCheckpointsAsync(NewId("nothing"), 10));
    }

    /// <summary>
    /// A session's audit trail holds only that session's entries, newest first, and pages without overlap.
    /// </summary>
    [ConformanceFact]
    public async Task ListSessionAuditLogsIsNewestFirstThenIdDescendingPagedAndOnlyTheSessions()
    {
        var session = NewId("s");
        var agent = NewId("agent");
        foreach (var (name, second) in new[] { ("a", 1), ("c", 3), ("b", 2), ("d", 3), ("e", 0) })
        {
            await Store.InsertAuditLogAsync(AuditOf(NewId(name), agent, session, At(second)));
        }
        await Store.InsertAuditLogAsync(AuditOf(NewId("x"), agent, NewId("other-session"), At(9)));
        await Store.InsertAuditLogAsync(AuditOf(NewId("y"), NewId("other-agent"), session, At(8)));

        var all = await Store.ListSessionAuditLogsAsync(session, 1000);
        var page = await Store.ListSessionAuditLogsAsync(session, 2, 1);

        string[] expected = [NewId("y"), NewId("d"), NewId("c"), NewId("b"), NewId("a"), NewId("e")];
        Assert.Equal(expected, all.Select(a => a.Id));
        Assert.Equal(expected[1..3], page.Select(a => a.Id));
        RecordAssert.Same(AuditOf(NewId("b"), agent, session, At(2)), all[3]);
        Assert.Empty(await Store.ListSessionAuditLogsAsync(session, 10, 6));
        Assert.Empty(await Store.ListSessionAuditLogsAsync(NewId("nothing"), 10));
    }
}
