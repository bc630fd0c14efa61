using System.Text.Json.Nodes;
using Chronos.Storage;

namespace Chronos.AotApp;

/// <summary>
/// Every IStorage operation once, each result checked, so that a trimmed/AOT binary proves the generated mapping,
/// the adapter and the driver work without reflection. Throws <see cref="WorkloadFailedException"/> on any mismatch.
/// </summary>
internal static class Workload
{
    public static async Task<int> RunAsync(IStorage storage, TextWriter log)
    {
        var run = Guid.NewGuid().ToString("N");
        var agent = "aot-agent-" + run;
        var sessionId = "aot-session:" + run;
        var checks = 0;
        void Check(bool condition, string what)
        {
            checks++;
            if (!condition) throw new WorkloadFailedException(what);
        }

        await storage.MigrateAsync();
        var created = await storage.CreateSessionAsync(new Session
        {
            Id = sessionId, AgentId = agent, UserId = "u", Metadata = new JsonObject { ["big"] = long.MaxValue, ["nested"] = new JsonArray(1, "two", null) },
        });
        var read = await storage.GetSessionAsync(sessionId);
        Check(read is not null && read.Version == 1 && JsonNode.DeepEquals(read.Metadata, created.Metadata), "session round trip");
        var updated = await storage.UpdateSessionAsync(read! with { Status = SessionStatus.Ended });
        Check(updated.Version == 2, "session version increments");
        try
        {
            await storage.UpdateSessionAsync(read! with { Status = "stale" });
            Check(false, "stale update must fail");
        }
        catch (ConcurrencyConflictException)
        {
            checks++;
        }
        Check((await storage.ListSessionsAsync(agent, 10)).Count == 1, "list sessions");

        for (var i = 0; i < 20; i++)
        {
            var appended = await storage.AppendEventAsync(new Event { Id = $"{run}-e{i}", SessionId = sessionId, Type = EventType.ChatMessage, Payload = new JsonObject { ["i"] = i } });
            Check(appended.SeqNum == i + 1, $"event {i} gets seq {i + 1}");
        }
        Check((await storage.AppendEventAsync(new Event { Id = $"{run}-e3", SessionId = sessionId, Type = "x" })).SeqNum == 4, "re-append is idempotent");
        var after = await storage.ListEventsAsync(sessionId, afterSeq: 15);
        Check(after.Count == 5 && after[0].SeqNum == 16 && after[0].Payload?["i"]?.GetValue<int>() == 15, "list events after");

        await storage.PutMemoryAsync(new MemoryRecord { Id = run + "-m1", SessionId = sessionId, AgentId = agent, Kind = MemoryKind.ShortTerm, Key = "k", Value = JsonValue.Create("v1") });
        await storage.PutMemoryAsync(new MemoryRecord { Id = run + "-m2", AgentId = agent, Kind = MemoryKind.LongTerm, Key = "name", Value = JsonValue.Create("Ada") });
        Check((await storage.GetMemoryAsync(agent, "name"))?.Value?.GetValue<string>() == "Ada", "memory get");
        Check((await storage.ListMemoryAsync(agent, MemoryKind.ShortTerm)).Count == 1, "memory list");

        await storage.InsertAuditLogAsync(new AuditLog { Id = run + "-a", AgentId = agent, SessionId = sessionId, Action = "aot.check" });
        Check((await storage.ListAuditLogsAsync(agent, 5)).Single().Action == "aot.check", "audit log");

        var span = await storage.InsertTraceAsync(new Trace { Id = run + "-t", SessionId = sessionId, Name = "span" });
        await storage.InsertTraceAsync(span with { EndedAt = span.StartedAt.AddMilliseconds(5), Output = JsonValue.Create(42) });
        var traces = await storage.ListTracesAsync(sessionId);
        Check(traces.Count == 1 && traces[0].EndedAt == span.StartedAt.AddMilliseconds(5), "trace upsert");

        await storage.SaveCheckpointAsync(new Checkpoint { Id = run + "-c1", SessionId = sessionId, SeqNum = 10, State = new JsonObject { ["n"] = 1 } });
        await storage.SaveCheckpointAsync(new Checkpoint { Id = run + "-c2", SessionId = sessionId, SeqNum = 20, State = new JsonObject { ["n"] = 2 } });
        Check((await storage.GetLatestCheckpointAsync(sessionId))?.Id == run + "-c2", "latest checkpoint");

        await storage.DeleteSessionAsync(sessionId);
        Check(await storage.GetSessionAsync(sessionId) is null, "session deleted");
        Check((await storage.ListEventsAsync(sessionId)).Count == 0, "events deleted with the session");
        Check((await storage.ListAuditLogsAsync(agent, 5)).Count == 1, "audit logs outlive the session");
        Check((await storage.GetMemoryAsync(agent, "name")) is not null, "long-term memory outlives the session");

        log.WriteLine($"workload ok: {checks} checks passed");
        return checks;
    }
}

/// <summary>A workload check failed.</summary>
internal sealed class WorkloadFailedException(string check) : Exception($"workload check failed: {check}");
