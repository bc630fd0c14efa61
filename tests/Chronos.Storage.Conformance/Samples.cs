using System.Text.Json.Nodes;

namespace Chronos.Storage.Conformance;

/// <summary>Record builders with every field set to something that must round trip, so equality checks bite.</summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>A session with metadata and explicit times.</summary>
    protected static Session SessionOf(string id, string agentId, DateTime createdAt) => new()
    {
        Id = id,
        AgentId = agentId,
        UserId = "user-" + id,
        Status = SessionStatus.Active,
        Metadata = new JsonObject { ["title"] = "t " + id, ["n"] = 1 },
        CreatedAt = createdAt,
        UpdatedAt = createdAt.AddMilliseconds(1),
    };

    /// <summary>A memory record.</summary>
    protected static MemoryRecord MemoryOf(string id, string agentId, string key, string kind, string sessionId, DateTime createdAt, JsonNode? value = null) => new()
    {
        Id = id,
        AgentId = agentId,
        SessionId = sessionId,
        UserId = "user-1",
        Kind = kind,
        Key = key,
        Value = value ?? new JsonObject { ["v"] = id },
        CreatedAt = createdAt,
    };

    /// <summary>An audit log entry.</summary>
    protected static AuditLog AuditOf(string id, string agentId, string sessionId, DateTime createdAt) => new()
    {
        Id = id,
        AgentId = agentId,
        SessionId = sessionId,
        Actor = "tool:search",
        Action = "read",
        Resource = "doc/" + id,
        Detail = new JsonObject { ["ok"] = true, ["id"] = id },
        CreatedAt = createdAt,
    };

    /// <summary>A span, running (no end).</summary>
    protected static Trace TraceOf(string id, string sessionId, DateTime startedAt, string? parentId = null) => new()
    {
        Id = id,
        SessionId = sessionId,
        ParentId = parentId,
        Name = "span " + id,
        Kind = TraceKind.ToolCall,
        Input = new JsonObject { ["q"] = id },
        StartedAt = startedAt,
    };

    /// <summary>An event to append (SeqNum 0: the store assigns it).</summary>
    protected static Event EventOf(string id, string sessionId, long seqNum = 0, DateTime createdAt = default) => new()
    {
        Id = id,
        SessionId = sessionId,
        SeqNum = seqNum,
        Type = EventType.ChatMessage,
        Payload = new JsonObject { ["text"] = "message " + id },
        CreatedAt = createdAt == default ? T0 : createdAt,
    };

    /// <summary>A checkpoint.</summary>
    protected static Checkpoint CheckpointOf(string id, string sessionId, long seqNum, DateTime createdAt) => new()
    {
        Id = id,
        SessionId = sessionId,
        RunId = "run-1",
        NodeId = "node-" + seqNum,
        State = new JsonObject { ["step"] = seqNum, ["id"] = id },
        SeqNum = seqNum,
        CreatedAt = createdAt,
    };
}
