using System.Text.Json.Nodes;
using Chronos.Storage;

namespace Chronos.Cli.Inspector.Tests;

/// <summary>
/// The state the inspector is shown, written through <see cref="IStorage"/>: a planning session with a ledger, two
/// checkpoints whose states differ in known keys, and four nested spans at known times; plain sessions; and a session
/// whose id, user and metadata are markup meant to run script.
/// </summary>
internal static class InspectorSeed
{
    public const string Agent = "dev";
    public const string Planning = "s-plan";
    public const string Hostile = "<script>window.__pwned=1</script>";
    public const string HostileNote = "<img src=x onerror=\"window.__pwned=2\">";
    public const int PlainSessions = 3;
    public const int PlanningEvents = 6;

    public static readonly DateTime Start = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>The spans: id, parent, name, kind, start and end in milliseconds after <see cref="Start"/>.</summary>
    public static readonly (string Id, string? Parent, string Name, string Kind, int StartMs, int EndMs)[] Spans =
    [
        ("t-run", null, "agent.run", TraceKind.Node, 0, 1000),
        ("t-model", "t-run", "model.call", TraceKind.ModelCall, 100, 400),
        ("t-tool", "t-run", "tool.search", TraceKind.ToolCall, 450, 900),
        ("t-http", "t-tool", "http.get", TraceKind.ToolCall, 500, 800),
    ];

    public static readonly JsonObject FirstState = new()
    {
        ["step"] = 1, ["plan"] = new JsonObject { ["city"] = "Paris", ["days"] = 3 }, ["notes"] = new JsonArray("book"), ["draft"] = "x",
    };

    public static readonly JsonObject SecondState = new()
    {
        ["step"] = 2, ["plan"] = new JsonObject { ["city"] = "Lyon", ["days"] = 3 }, ["notes"] = new JsonArray("book", "pack"), ["done"] = true,
    };

    public static async Task WriteAsync(IStorage storage)
    {
        await storage.MigrateAsync();
        for (var i = 0; i < PlainSessions; i++)
        {
            await storage.CreateSessionAsync(new Session { Id = $"s-plain-{i}", AgentId = Agent, UserId = "ada", CreatedAt = Start.AddMinutes(-10 + i) });
        }
        await storage.CreateSessionAsync(new Session
        {
            Id = Planning, AgentId = Agent, UserId = "ada", CreatedAt = Start, Metadata = new JsonObject { ["topic"] = "trip" },
        });
        string[] types = [EventType.ChatMessage, EventType.NodeExecuted, EventType.ChatMessage, EventType.NodeExecuted, EventType.ChatMessage, EventType.ChatSummary];
        for (var e = 0; e < PlanningEvents; e++)
        {
            await storage.AppendEventAsync(new Event
            {
                Id = $"e{e + 1}", SessionId = Planning, Type = types[e], CreatedAt = Start.AddSeconds(e),
                Payload = new JsonObject { ["text"] = $"event {e + 1}" },
            });
        }
        await storage.SaveCheckpointAsync(new Checkpoint { Id = "cp-1", SessionId = Planning, SeqNum = 2, NodeId = "plan", State = (JsonObject)FirstState.DeepClone(), CreatedAt = Start.AddSeconds(2) });
        await storage.SaveCheckpointAsync(new Checkpoint { Id = "cp-2", SessionId = Planning, SeqNum = 5, NodeId = "book", State = (JsonObject)SecondState.DeepClone(), CreatedAt = Start.AddSeconds(5) });
        foreach (var (id, parent, name, kind, startMs, endMs) in Spans)
        {
            await storage.InsertTraceAsync(new Trace
            {
                Id = id, SessionId = Planning, ParentId = parent, Name = name, Kind = kind,
                StartedAt = Start.AddMilliseconds(startMs), EndedAt = Start.AddMilliseconds(endMs),
            });
        }
        await storage.CreateSessionAsync(new Session
        {
            Id = Hostile, AgentId = Agent, UserId = HostileNote, CreatedAt = Start.AddMinutes(5),
            Metadata = new JsonObject { ["note"] = HostileNote },
        });
        await storage.AppendEventAsync(new Event { Id = "h1", SessionId = Hostile, Type = HostileNote, Payload = JsonValue.Create(Hostile), CreatedAt = Start.AddMinutes(5) });
    }

    /// <summary>Newest first, as the page lists them.</summary>
    public static string[] SessionIdsNewestFirst =>
        [Hostile, Planning, .. Enumerable.Range(0, PlainSessions).Reverse().Select(i => $"s-plain-{i}")];
}
