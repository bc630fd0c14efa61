// Chronos.Gen quickstart: an agent conversation whose whole state lives in the store chronos.yaml names — by default
// an embedded SQLite file in the working directory. Run it twice: the second run resumes from the latest checkpoint
// and the ledger keeps growing. Usage: Chronos.Quickstart [path/to/chronos.yaml]
using System.Text.Json.Nodes;
using Chronos.Quickstart;
using Chronos.Storage;
using Chronos.Storage.Configuration;

const string AgentId = "trip-planner";
const string SessionId = "quickstart-session";
var configPath = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "chronos.yaml");

IStorage storage;
try
{
    var config = ChronosConfig.Load(configPath);
    storage = await config.OpenStorageAsync(AgentId);
    Console.WriteLine($"Storage: {config.GetStorageSettings(AgentId)}");
}
catch (StorageConfigurationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
await using var _ = storage;

// 1. Create the session, or resume it.
var session = await storage.GetSessionAsync(SessionId);
var latest = await storage.GetLatestCheckpointAsync(SessionId);
if (session is null)
{
    session = await storage.CreateSessionAsync(new Session
    {
        Id = SessionId,
        AgentId = AgentId,
        UserId = "ada",
        Metadata = new JsonObject { ["channel"] = "cli", ["sample"] = "quickstart" },
    });
    await storage.InsertAuditLogAsync(new AuditLog
    {
        Id = NewId(), SessionId = SessionId, AgentId = AgentId, Actor = "ada", Action = "session.created", Resource = SessionId,
    });
    Console.WriteLine($"Created session '{SessionId}'");
}
else
{
    Console.WriteLine(latest is null
        ? $"Resuming session '{SessionId}' (no checkpoint yet)"
        : $"Resuming session '{SessionId}' from checkpoint '{latest.Id}' at ledger position {latest.SeqNum} (turn {latest.State["turn"]})");
    await storage.InsertAuditLogAsync(new AuditLog
    {
        Id = NewId(), SessionId = SessionId, AgentId = AgentId, Actor = "ada", Action = "session.resumed", Resource = SessionId,
        Detail = new JsonObject { ["from_checkpoint"] = latest?.Id },
    });
}

// 2. One conversation turn: two ledger events, a traced model call, and memory.
var turn = latest?.State["turn"]?.GetValue<long>() ?? 0;
var (userText, replyText) = ScriptedAgent.Turn(turn);
var userEvent = await storage.AppendEventAsync(new Event
{
    Id = NewId(), SessionId = SessionId, Type = EventType.ChatMessage,
    Payload = new JsonObject { ["role"] = "user", ["content"] = userText },
});

var span = await storage.InsertTraceAsync(new Trace
{
    Id = NewId(), SessionId = SessionId, Name = "reply", Kind = TraceKind.ModelCall,
    Input = new JsonObject { ["messages"] = new JsonArray(userText) },
});
var replyEvent = await storage.AppendEventAsync(new Event
{
    Id = NewId(), SessionId = SessionId, Type = EventType.ChatMessage,
    Payload = new JsonObject { ["role"] = "assistant", ["content"] = replyText },
});
await storage.InsertTraceAsync(span with { Output = JsonValue.Create(replyText), EndedAt = StorageTime.UtcNow() }); // same id: upsert

await storage.PutMemoryAsync(new MemoryRecord
{
    Id = $"{SessionId}:last-user-message", SessionId = SessionId, AgentId = AgentId, UserId = "ada",
    Kind = MemoryKind.ShortTerm, Key = "last_user_message", Value = JsonValue.Create(userText),
});
await storage.PutMemoryAsync(new MemoryRecord
{
    Id = "ada:profile", AgentId = AgentId, UserId = "ada", Kind = MemoryKind.LongTerm, Key = "profile",
    Value = new JsonObject { ["name"] = "Ada", ["likes"] = new JsonArray("mountains", "spring", "quiet places") },
});

// 3. Checkpoint the run at the ledger position just written, and record the session's progress.
var checkpoint = await storage.SaveCheckpointAsync(new Checkpoint
{
    Id = NewId(), SessionId = SessionId, RunId = "quickstart", NodeId = "reply", SeqNum = replyEvent.SeqNum,
    State = new JsonObject { ["turn"] = turn + 1, ["last_reply"] = replyText },
});
session = await storage.UpdateSessionAsync(session with
{
    Metadata = new JsonObject { ["channel"] = "cli", ["sample"] = "quickstart", ["turns"] = turn + 1 },
});

// 4. Show what is stored.
Console.WriteLine();
Console.WriteLine($"Turn {turn + 1}: user event #{userEvent.SeqNum}, assistant event #{replyEvent.SeqNum}, checkpoint '{checkpoint.Id}' at #{checkpoint.SeqNum}");
var ledger = await storage.ListEventsAsync(SessionId);
Console.WriteLine($"Ledger: {ledger.Count} events (this run appended #{userEvent.SeqNum}..#{replyEvent.SeqNum})");
foreach (var e in ledger.Skip(Math.Max(0, ledger.Count - 4)))
{
    Console.WriteLine($"  #{e.SeqNum,-3} {e.Payload?["role"],-9} {e.Payload?["content"]}");
}
var shortTerm = await storage.ListMemoryAsync(AgentId, MemoryKind.ShortTerm);
var longTerm = await storage.ListMemoryAsync(AgentId, MemoryKind.LongTerm);
Console.WriteLine($"Memory: {shortTerm.Count} short-term, {longTerm.Count} long-term; profile = {(await storage.GetMemoryAsync(AgentId, "profile"))?.Value?.ToJsonString()}");
var traces = await storage.ListTracesAsync(SessionId);
Console.WriteLine($"Traces: {traces.Count} spans, {traces.Count(t => t.EndedAt is not null)} finished");
var audit = await storage.ListAuditLogsAsync(AgentId, limit: 5);
Console.WriteLine($"Audit log (newest first): {string.Join(", ", audit.Select(a => a.Action))}");
Console.WriteLine($"Session '{session.Id}' is at version {session.Version}, status '{session.Status}'");
Console.WriteLine();
Console.WriteLine("Run again to resume from the latest checkpoint.");
return 0;

static string NewId() => Guid.CreateVersion7().ToString("N");
