using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;
using Xunit;

namespace Chronos.Storage.Compatibility;

/// <summary>
/// The fixed data set every fixture holds: one record of every built-in entity kind (two where order matters) and a
/// user entity. Deterministic (fixed ids and times), so a fixture written by one commit is read back by another with
/// exact equality.
/// </summary>
internal static class CompatibilityDataSet
{
    private static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static DateTime At(int seconds) => T0.AddSeconds(seconds).AddTicks(1230); // microsecond precision kept

    public static Session Session => new()
    {
        Id = "sess-1", AgentId = "agent-1", UserId = "user-1", Status = SessionStatus.Active,
        Metadata = new JsonObject { ["topic"] = "compat", ["n"] = 3 }, CreatedAt = At(0), UpdatedAt = At(0), Version = 1,
    };

    public static readonly Event[] Events =
    [
        new() { Id = "evt-1", SessionId = "sess-1", SeqNum = 1, Type = EventType.ChatMessage, Payload = new JsonObject { ["text"] = "hello" }, CreatedAt = At(1) },
        new() { Id = "evt-2", SessionId = "sess-1", SeqNum = 2, Type = EventType.NodeExecuted, Payload = JsonValue.Create(42), CreatedAt = At(2) },
        new() { Id = "evt-3", SessionId = "sess-1", SeqNum = 3, Type = EventType.ChatSummary, Payload = null, CreatedAt = At(3) },
    ];

    public static readonly Checkpoint[] Checkpoints =
    [
        new() { Id = "cp-1", SessionId = "sess-1", RunId = "run-1", NodeId = "node-a", State = new JsonObject { ["step"] = 1 }, SeqNum = 1, CreatedAt = At(4) },
        new() { Id = "cp-2", SessionId = "sess-1", RunId = "run-1", NodeId = "node-b", State = new JsonObject { ["step"] = 2, ["list"] = new JsonArray(1, "two") }, SeqNum = 3, CreatedAt = At(5) },
    ];

    public static readonly MemoryRecord[] Memory =
    [
        new() { Id = "mem-short", SessionId = "sess-1", AgentId = "agent-1", UserId = "user-1", Kind = MemoryKind.ShortTerm, Key = "scratch", Value = JsonValue.Create("note"), CreatedAt = At(6) },
        new() { Id = "mem-long", SessionId = "", AgentId = "agent-1", UserId = "user-1", Kind = MemoryKind.LongTerm, Key = "prefers", Value = new JsonObject { ["lang"] = "fr" }, CreatedAt = At(7) },
    ];

    public static readonly AuditLog[] AuditLogs =
    [
        new() { Id = "aud-1", SessionId = "sess-1", AgentId = "agent-1", Actor = "user-1", Action = "login", Resource = "app", Detail = new JsonObject { ["ip"] = "127.0.0.1" }, CreatedAt = At(8) },
        new() { Id = "aud-2", SessionId = "sess-1", AgentId = "agent-1", Actor = "agent-1", Action = "tool", Resource = "search", Detail = new JsonObject(), CreatedAt = At(9) },
    ];

    public static readonly Trace[] Traces =
    [
        new() { Id = "tr-1", SessionId = "sess-1", ParentId = null, Name = "root", Kind = TraceKind.Node, Input = new JsonObject { ["q"] = "x" }, Output = null, Error = null, StartedAt = At(10), EndedAt = At(12) },
        new() { Id = "tr-2", SessionId = "sess-1", ParentId = "tr-1", Name = "call", Kind = TraceKind.ToolCall, Input = null, Output = new JsonArray(1, 2), Error = "timeout", StartedAt = At(11), EndedAt = null },
    ];

    public static readonly Ticket[] Tickets =
    [
        new() { Id = "tk-1", Queue = "support", Title = "Broken login", Priority = 5, OpenedAt = At(13), Status = "open" },
        new() { Id = "tk-2", Queue = "support", Title = "Slow page", Priority = 2, OpenedAt = At(14), Status = "closed" },
    ];

    /// <summary>Writes the data set through the public API (what the fixtures hold).</summary>
    public static async Task WriteAsync(IStorage store)
    {
        await store.CreateSessionAsync(Session);
        foreach (var e in Events) await store.AppendEventAsync(e with { SeqNum = 0 });
        foreach (var c in Checkpoints) await store.SaveCheckpointAsync(c);
        foreach (var m in Memory) await store.PutMemoryAsync(m);
        foreach (var a in AuditLogs) await store.InsertAuditLogAsync(a);
        foreach (var t in Traces) await store.InsertTraceAsync(t);
        var tickets = store.Entities<Ticket>();
        await tickets.EnsureSchemaAsync();
        foreach (var t in Tickets) await tickets.InsertAsync(t);
    }

    /// <summary>
    /// Reads every record back by key and through every index the API lists by, with exact equality; then writes more
    /// (the next append continues the ledger at 4, a new ticket joins the index lists).
    /// </summary>
    public static async Task VerifyAndExtendAsync(IStorage store)
    {
        RecordAssert.Same(Session, await store.GetSessionAsync(Session.Id));
        var sessions = await store.ListSessionsAsync("agent-1", 10);
        RecordAssert.Same(Session, Assert.Single(sessions));

        var events = await store.ListEventsAsync("sess-1");
        Assert.Equal(Events.Length, events.Count);
        for (var i = 0; i < Events.Length; i++) RecordAssert.Same(Events[i], events[i]);

        foreach (var c in Checkpoints) RecordAssert.Same(c, await store.GetCheckpointAsync(c.Id));
        RecordAssert.Same(Checkpoints[1], await store.GetLatestCheckpointAsync("sess-1"));

        RecordAssert.Same(Memory[0], await store.GetMemoryAsync("agent-1", "scratch"));
        RecordAssert.Same(Memory[1], await store.GetMemoryAsync("agent-1", "prefers"));
        RecordAssert.Same(Memory[0], Assert.Single(await store.ListMemoryAsync("agent-1", MemoryKind.ShortTerm)));
        RecordAssert.Same(Memory[1], Assert.Single(await store.ListMemoryAsync("agent-1", MemoryKind.LongTerm)));

        var audits = await store.ListAuditLogsAsync("agent-1", 10);
        Assert.Equal(2, audits.Count);
        RecordAssert.Same(AuditLogs[1], audits[0]); // newest first
        RecordAssert.Same(AuditLogs[0], audits[1]);

        // Issue 16 §1: the audit logs written at AuditLog version 1 list by session through the by_session index
        // that MigrateAsync adds in version 2 (SQL and MongoDB stores ran it on open; Redis and DynamoDB do not, so the
        // reads above also ran on the unmigrated store there); the seed's other reads see the old records too.
        await store.MigrateAsync();
        var sessionAudits = await store.ListSessionAuditLogsAsync("sess-1", 10);
        Assert.Equal(["aud-2", "aud-1"], sessionAudits.Select(a => a.Id));
        RecordAssert.Same(AuditLogs[0], sessionAudits[1]);
        Assert.Equal(["aud-1"], (await store.ListSessionAuditLogsAsync("sess-1", 10, 1)).Select(a => a.Id));
        Assert.Equal(["cp-2", "cp-1"], (await store.ListCheckpointsAsync("sess-1", 10)).Select(c => c.Id));
        RecordAssert.Same(Traces[1], await store.GetTraceAsync("tr-2"));

        var traces = await store.ListTracesAsync("sess-1");
        Assert.Equal(2, traces.Count);
        RecordAssert.Same(Traces[0], traces[0]);
        RecordAssert.Same(Traces[1], traces[1]);

        var tickets = store.Entities<Ticket>();
        foreach (var t in Tickets) Assert.Equal(t, await tickets.GetAsync(t.Id));
        Assert.Equal([Tickets[1], Tickets[0]], await tickets.ListAsync(new IndexQuery("by_queue", IndexValue.Of("support"))));
        Assert.Equal([Tickets[0]], await tickets.ListAsync(new IndexQuery("by_status", IndexValue.Of("open"))));

        // Writing continues where the old layout left off.
        var appended = await store.AppendEventAsync(new Event { Id = "evt-4", SessionId = "sess-1", Type = EventType.ChatMessage, CreatedAt = At(20) });
        Assert.Equal(4, appended.SeqNum);
        Assert.Equal([1L, 2, 3, 4], (await store.ListEventsAsync("sess-1")).Select(e => e.SeqNum));
        await Assert.ThrowsAsync<DuplicateKeyException>(() => store.CreateSessionAsync(Session));
        var updated = await store.UpdateSessionAsync(Session with { Status = SessionStatus.Ended });
        Assert.Equal(2, updated.Version);
        var newer = new Ticket { Id = "tk-3", Queue = "support", Title = "New", Priority = 9, OpenedAt = At(21), Status = "open" };
        await tickets.InsertAsync(newer);
        Assert.Equal([newer, Tickets[1], Tickets[0]], await tickets.ListAsync(new IndexQuery("by_queue", IndexValue.Of("support"))));
        Assert.Equal([newer, Tickets[0]], await tickets.ListAsync(new IndexQuery("by_status", IndexValue.Of("open"))));
        await store.DeleteSessionAsync("sess-1");
        Assert.Null(await store.GetSessionAsync("sess-1"));
        Assert.Empty(await store.ListEventsAsync("sess-1"));
        Assert.Single(await store.ListMemoryAsync("agent-1", MemoryKind.LongTerm));
    }
}
