using System.Text.Json.Nodes;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>Audit logs (append-only, newest first) and traces (upsert by id, StartedAt ascending).</summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>
    /// The audit order is total (time, then id) so two backends return the same page for the same data.
    /// </summary>
    [ConformanceFact]
    public async Task AuditLogsListNewestFirstThenIdDescendingWithLimit()
    {
        var agent = NewId("agent");
        var session = NewId("s");
        foreach (var (name, second) in new[] { ("a", 1), ("c", 3), ("b", 2), ("d", 3), ("e", 0) })
        {
            await Store.InsertAuditLogAsync(AuditOf(NewId(name), agent, session, At(second)));
        }
        await Store.InsertAuditLogAsync(AuditOf(NewId("x"), NewId("other-agent"), session, At(9)));

        var all = await Store.ListAuditLogsAsync(agent, 1000);
        var firstTwo = await Store.ListAuditLogsAsync(agent, 2);

        Assert.Equal([NewId("d"), NewId("c"), NewId("b"), NewId("a"), NewId("e")], all.Select(a => a.Id));
        Assert.Equal([NewId("d"), NewId("c")], firstTwo.Select(a => a.Id));
        RecordAssert.Same(AuditOf(NewId("b"), agent, session, At(2)), all[2]);
    }

    /// <summary>Audit logs are append-only: a taken id is refused and the stored entry is never replaced.</summary>
    [ConformanceFact]
    public async Task InsertAuditLogWithTakenIdThrowsDuplicateKeyAndKeepsTheFirst()
    {
        var agent = NewId("agent");
        var first = await Store.InsertAuditLogAsync(AuditOf(NewId("a"), agent, "", At(1)));

        var error = await Assert.ThrowsAsync<DuplicateKeyException>(() =>
            Store.InsertAuditLogAsync(AuditOf(first.Id, agent, "", At(2)) with { Action = "delete" }));

        Assert.Equal(first.Id, error.Key);
        RecordAssert.Same(first, Assert.Single(await Store.ListAuditLogsAsync(agent, 10)));
    }

    /// <summary>
    /// An omitted time is filled with the engine's clock, normalized to the microsecond like every stored time.
    /// </summary>
    [ConformanceFact]
    public async Task InsertAuditLogWithoutCreatedAtUsesNow()
    {
        var before = StorageTime.UtcNow();
        var stored = await Store.InsertAuditLogAsync(AuditOf(NewId("a"), NewId("agent"), "", default));

        Assert.InRange(stored.CreatedAt, before, StorageTime.UtcNow());
        RecordAssert.Same(stored, Assert.Single(await Store.ListAuditLogsAsync(stored.AgentId, 10)));
    }

    /// <summary>
    /// Inserting a span again replaces it, so a tracer can record the start and later the end under one id.
    /// </summary>
    [ConformanceFact]
    public async Task InsertTraceTwiceUpsertsTheSpan()
    {
        var session = NewId("s");
        var started = await Store.InsertTraceAsync(TraceOf(NewId("t"), session, At(1), parentId: NewId("parent")));
        Assert.Null(Assert.Single(await Store.ListTracesAsync(session)).EndedAt);

        var ended = started with
        {
            Output = JsonNode.Parse("""{"hits":[1,2],"ok":false}"""),
            Error = "tool timed out",
            EndedAt = At(2).AddTicks(7), // sub-microsecond: stored truncated
        };
        var stored = await Store.InsertTraceAsync(ended);

        RecordAssert.Time(At(2), stored.EndedAt, "returned EndedAt");
        RecordAssert.Same(ended with { EndedAt = At(2) }, Assert.Single(await Store.ListTracesAsync(session)));
    }

    /// <summary>A span's optional fields read back as null, not as empty strings or zero times.</summary>
    [ConformanceFact]
    public async Task TraceNullFieldsRoundTripAsNull()
    {
        var session = NewId("s");
        var span = TraceOf(NewId("t"), session, At(1)) with { ParentId = null, Input = null, Output = null, Error = null, EndedAt = null };

        await Store.InsertTraceAsync(span);

        RecordAssert.Same(span, Assert.Single(await Store.ListTracesAsync(session)));
    }

    /// <summary>A session's spans come in start order (id breaks ties) and none of another session's.</summary>
    [ConformanceFact]
    public async Task ListTracesIsStartedAtAscendingThenIdAndOnlyTheSessions()
    {
        var session = NewId("s");
        foreach (var (name, second) in new[] { ("c", 3), ("a", 1), ("b2", 2), ("b1", 2) })
        {
            await Store.InsertTraceAsync(TraceOf(NewId(name), session, At(second)));
        }
        await Store.InsertTraceAsync(TraceOf(NewId("x"), NewId("other-session"), At(0)));

        var listed = await Store.ListTracesAsync(session);

        Assert.Equal([NewId("a"), NewId("b1"), NewId("b2"), NewId("c")], listed.Select(t => t.Id));
        RecordAssert.Same(TraceOf(NewId("c"), session, At(3)), listed[3]);
    }

    /// <summary>An unknown session lists no spans, without error.</summary>
    [ConformanceFact]
    public async Task ListTracesOfUnknownSessionIsEmpty()
    {
        Assert.Empty(await Store.ListTracesAsync(NewId("nothing")));
    }
}
