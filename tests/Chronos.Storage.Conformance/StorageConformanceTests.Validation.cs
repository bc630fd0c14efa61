using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>Bad input fails with <see cref="StorageArgumentException"/> naming the parameter, and writes nothing.</summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>One rejected call per rule, by name, with the parameter the error must name.</summary>
    private static Func<IStorage, Task> BadCall(string name)
    {
        var s = SessionOf("bad-input-session", "bad-input-agent", At(1));
        var m = MemoryOf("bad-input-memory", "bad-input-agent", "k", MemoryKind.LongTerm, "", At(1));
        var a = AuditOf("bad-input-audit", "bad-input-agent", "", At(1));
        var t = TraceOf("bad-input-trace", "bad-input-session", At(1));
        var e = EventOf("bad-input-event", "bad-input-session");
        var c = CheckpointOf("bad-input-checkpoint", "bad-input-session", 1, At(1));
        return name switch
        {
            "CreateSession(null)" => st => st.CreateSessionAsync(null!),
            "CreateSession(Id null)" => st => st.CreateSessionAsync(s with { Id = null! }),
            "CreateSession(Id empty)" => st => st.CreateSessionAsync(s with { Id = "" }),
            "CreateSession(AgentId empty)" => st => st.CreateSessionAsync(s with { AgentId = "" }),
            "GetSession(null)" => st => st.GetSessionAsync(null!),
            "GetSession(empty)" => st => st.GetSessionAsync(""),
            "UpdateSession(null)" => st => st.UpdateSessionAsync(null!),
            "UpdateSession(Id empty)" => st => st.UpdateSessionAsync(s with { Id = "" }),
            "ListSessions(agent empty)" => st => st.ListSessionsAsync("", 10),
            "ListSessions(limit 0)" => st => st.ListSessionsAsync("agent", 0),
            "ListSessions(limit -1)" => st => st.ListSessionsAsync("agent", -1),
            "ListSessions(limit 1001)" => st => st.ListSessionsAsync("agent", 1001),
            "ListSessions(offset -1)" => st => st.ListSessionsAsync("agent", 10, -1),
            "DeleteSession(empty)" => st => st.DeleteSessionAsync(""),
            "PutMemory(null)" => st => st.PutMemoryAsync(null!),
            "PutMemory(Id empty)" => st => st.PutMemoryAsync(m with { Id = "" }),
            "PutMemory(AgentId empty)" => st => st.PutMemoryAsync(m with { AgentId = "" }),
            "PutMemory(Key empty)" => st => st.PutMemoryAsync(m with { Key = "" }),
            "PutMemory(Kind unknown)" => st => st.PutMemoryAsync(m with { Kind = "medium_term" }),
            "PutMemory(Kind null)" => st => st.PutMemoryAsync(m with { Kind = null! }),
            "PutMemory(short_term without session)" => st => st.PutMemoryAsync(m with { Kind = MemoryKind.ShortTerm, SessionId = "" }),
            "GetMemory(agent empty)" => st => st.GetMemoryAsync("", "k"),
            "GetMemory(key null)" => st => st.GetMemoryAsync("agent", null!),
            "ListMemory(agent empty)" => st => st.ListMemoryAsync("", MemoryKind.LongTerm),
            "ListMemory(kind unknown)" => st => st.ListMemoryAsync("agent", "LONG_TERM"),
            "ListMemory(kind empty)" => st => st.ListMemoryAsync("agent", ""),
            "DeleteMemory(empty)" => st => st.DeleteMemoryAsync(""),
            "InsertAuditLog(null)" => st => st.InsertAuditLogAsync(null!),
            "InsertAuditLog(Id empty)" => st => st.InsertAuditLogAsync(a with { Id = "" }),
            "InsertAuditLog(AgentId empty)" => st => st.InsertAuditLogAsync(a with { AgentId = "" }),
            "InsertAuditLog(Action empty)" => st => st.InsertAuditLogAsync(a with { Action = "" }),
            "ListAuditLogs(agent empty)" => st => st.ListAuditLogsAsync("", 10),
            "ListAuditLogs(limit 0)" => st => st.ListAuditLogsAsync("agent", 0),
            "ListAuditLogs(limit 1001)" => st => st.ListAuditLogsAsync("agent", 1001),
            "ListSessionAuditLogs(session empty)" => st => st.ListSessionAuditLogsAsync("", 10),
            "ListSessionAuditLogs(limit 0)" => st => st.ListSessionAuditLogsAsync("session", 0),
            "ListSessionAuditLogs(offset -1)" => st => st.ListSessionAuditLogsAsync("session", 10, -1),
            "GetTrace(empty)" => st => st.GetTraceAsync(""),
            "InsertTrace(null)" => st => st.InsertTraceAsync(null!),
            "InsertTrace(Id empty)" => st => st.InsertTraceAsync(t with { Id = "" }),
            "InsertTrace(SessionId empty)" => st => st.InsertTraceAsync(t with { SessionId = "" }),
            "InsertTrace(Name empty)" => st => st.InsertTraceAsync(t with { Name = "" }),
            "ListTraces(empty)" => st => st.ListTracesAsync(""),
            "AppendEvent(null)" => st => st.AppendEventAsync(null!),
            "AppendEvent(Id empty)" => st => st.AppendEventAsync(e with { Id = "" }),
            "AppendEvent(SessionId empty)" => st => st.AppendEventAsync(e with { SessionId = "" }),
            "AppendEvent(Type empty)" => st => st.AppendEventAsync(e with { Type = "" }),
            "AppendEvent(SeqNum -1)" => st => st.AppendEventAsync(e with { SeqNum = -1 }),
            "AppendEvent(expectedLastSeq -1)" => st => st.AppendEventAsync(e, expectedLastSeq: -1),
            "AppendEvent(expectedLastSeq above max)" => st => st.AppendEventAsync(e, StorageLimits.MaxSeqNum + 1),
            "ListEvents(empty)" => st => st.ListEventsAsync(""),
            "ListEvents(afterSeq -1)" => st => st.ListEventsAsync("session", -1),
            "SaveCheckpoint(null)" => st => st.SaveCheckpointAsync(null!),
            "SaveCheckpoint(Id empty)" => st => st.SaveCheckpointAsync(c with { Id = "" }),
            "SaveCheckpoint(SessionId empty)" => st => st.SaveCheckpointAsync(c with { SessionId = "" }),
            "SaveCheckpoint(SeqNum -1)" => st => st.SaveCheckpointAsync(c with { SeqNum = -1 }),
            "GetCheckpoint(empty)" => st => st.GetCheckpointAsync(""),
            "GetLatestCheckpoint(null)" => st => st.GetLatestCheckpointAsync(null!),
            "ListCheckpoints(session empty)" => st => st.ListCheckpointsAsync("", 10),
            "ListCheckpoints(limit 1001)" => st => st.ListCheckpointsAsync("session", 1001),
            "ListCheckpoints(offset -1)" => st => st.ListCheckpointsAsync("session", 10, -1),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such bad call."),
        };
    }

    /// <summary>
    /// Invalid arguments fail before I/O with StorageArgumentException naming the parameter, the same on every
    /// backend, never a driver error.
    /// </summary>
    [ConformanceTheory]
    [InlineData("CreateSession(null)", "session")]
    [InlineData("CreateSession(Id null)", "session.Id")]
    [InlineData("CreateSession(Id empty)", "session.Id")]
    [InlineData("CreateSession(AgentId empty)", "session.AgentId")]
    [InlineData("GetSession(null)", "id")]
    [InlineData("GetSession(empty)", "id")]
    [InlineData("UpdateSession(null)", "session")]
    [InlineData("UpdateSession(Id empty)", "session.Id")]
    [InlineData("ListSessions(agent empty)", "agentId")]
    [InlineData("ListSessions(limit 0)", "limit")]
    [InlineData("ListSessions(limit -1)", "limit")]
    [InlineData("ListSessions(limit 1001)", "limit")]
    [InlineData("ListSessions(offset -1)", "offset")]
    [InlineData("DeleteSession(empty)", "id")]
    [InlineData("PutMemory(null)", "record")]
    [InlineData("PutMemory(Id empty)", "record.Id")]
    [InlineData("PutMemory(AgentId empty)", "record.AgentId")]
    [InlineData("PutMemory(Key empty)", "record.Key")]
    [InlineData("PutMemory(Kind unknown)", "record.Kind")]
    [InlineData("PutMemory(Kind null)", "record.Kind")]
    [InlineData("PutMemory(short_term without session)", "record.SessionId")]
    [InlineData("GetMemory(agent empty)", "agentId")]
    [InlineData("GetMemory(key null)", "key")]
    [InlineData("ListMemory(agent empty)", "agentId")]
    [InlineData("ListMemory(kind unknown)", "kind")]
    [InlineData("ListMemory(kind empty)", "kind")]
    [InlineData("DeleteMemory(empty)", "id")]
    [InlineData("InsertAuditLog(null)", "log")]
    [InlineData("InsertAuditLog(Id empty)", "log.Id")]
    [InlineData("InsertAuditLog(AgentId empty)", "log.AgentId")]
    [InlineData("InsertAuditLog(Action empty)", "log.Action")]
    [InlineData("ListAuditLogs(agent empty)", "agentId")]
    [InlineData("ListAuditLogs(limit 0)", "limit")]
    [InlineData("ListAuditLogs(limit 1001)", "limit")]
    [InlineData("ListSessionAuditLogs(session empty)", "sessionId")]
    [InlineData("ListSessionAuditLogs(limit 0)", "limit")]
    [InlineData("ListSessionAuditLogs(offset -1)", "offset")]
    [InlineData("GetTrace(empty)", "id")]
    [InlineData("InsertTrace(null)", "trace")]
    [InlineData("InsertTrace(Id empty)", "trace.Id")]
    [InlineData("InsertTrace(SessionId empty)", "trace.SessionId")]
    [InlineData("InsertTrace(Name empty)", "trace.Name")]
    [InlineData("ListTraces(empty)", "sessionId")]
    [InlineData("AppendEvent(null)", "event")]
    [InlineData("AppendEvent(Id empty)", "event.Id")]
    [InlineData("AppendEvent(SessionId empty)", "event.SessionId")]
    [InlineData("AppendEvent(Type empty)", "event.Type")]
    [InlineData("AppendEvent(SeqNum -1)", "event.SeqNum")]
    [InlineData("AppendEvent(expectedLastSeq -1)", "expectedLastSeq")]
    [InlineData("AppendEvent(expectedLastSeq above max)", "expectedLastSeq")]
    [InlineData("ListEvents(empty)", "sessionId")]
    [InlineData("ListEvents(afterSeq -1)", "afterSeq")]
    [InlineData("SaveCheckpoint(null)", "checkpoint")]
    [InlineData("SaveCheckpoint(Id empty)", "checkpoint.Id")]
    [InlineData("SaveCheckpoint(SessionId empty)", "checkpoint.SessionId")]
    [InlineData("SaveCheckpoint(SeqNum -1)", "checkpoint.SeqNum")]
    [InlineData("GetCheckpoint(empty)", "id")]
    [InlineData("GetLatestCheckpoint(null)", "sessionId")]
    [InlineData("ListCheckpoints(session empty)", "sessionId")]
    [InlineData("ListCheckpoints(limit 1001)", "limit")]
    [InlineData("ListCheckpoints(offset -1)", "offset")]
    public async Task BadInputThrowsStorageArgumentExceptionNamingTheParameter(string call, string parameter)
    {
        var error = await Assert.ThrowsAsync<StorageArgumentException>(() => BadCall(call)(Store));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(parameter, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The smallest and largest allowed limits are accepted, so the documented bounds are the real ones.
    /// </summary>
    [ConformanceTheory]
    [InlineData(1)]
    [InlineData(1000)]
    public async Task LimitBoundsAreInclusive(int limit)
    {
        var agent = NewId("agent");
        await Store.CreateSessionAsync(SessionOf(NewId("s"), agent, At(1)));
        await Store.InsertAuditLogAsync(AuditOf(NewId("a"), agent, "", At(1)));

        Assert.Single(await Store.ListSessionsAsync(agent, limit));
        Assert.Single(await Store.ListAuditLogsAsync(agent, limit));
    }

    /// <summary>
    /// Every write refused by validation leaves the store unchanged: validation happens before the backend is
    /// touched.
    /// </summary>
    [ConformanceFact]
    public async Task RejectedWritesStoreNothing()
    {
        var session = NewId("s");
        var agent = NewId("agent");

        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.CreateSessionAsync(SessionOf(session, "", At(1))));
        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.AppendEventAsync(EventOf(NewId("e"), session) with { SeqNum = -3 }));
        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.AppendEventAsync(EventOf(NewId("e"), session) with { Type = "" }));
        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.InsertTraceAsync(TraceOf(NewId("t"), session, At(1)) with { Name = "" }));
        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.InsertAuditLogAsync(AuditOf(NewId("a"), agent, session, At(1)) with { Action = "" }));
        await Assert.ThrowsAsync<StorageArgumentException>(() => Store.SaveCheckpointAsync(CheckpointOf(NewId("c"), session, -1, At(1))));

        Assert.Null(await Store.GetSessionAsync(session));
        Assert.Empty(await Store.ListEventsAsync(session));
        Assert.Empty(await Store.ListTracesAsync(session));
        Assert.Empty(await Store.ListAuditLogsAsync(agent, 10));
        Assert.Null(await Store.GetCheckpointAsync(NewId("c")));
        Assert.Equal(1, (await Store.AppendEventAsync(EventOf(NewId("e"), session))).SeqNum);
    }
}
