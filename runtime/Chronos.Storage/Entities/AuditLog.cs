using System.Text.Json.Nodes;

namespace Chronos.Storage;

/// <summary>An append-only record of who did what. Audit logs outlive their session.</summary>
[StorageEntity]
public sealed partial record AuditLog
{
    /// <summary>Unique id.</summary>
    public required string Id { get; init; }
    /// <summary>The session, if any.</summary>
    public string SessionId { get; init; } = "";
    /// <summary>The agent.</summary>
    public required string AgentId { get; init; }
    /// <summary>Who acted (user, agent, tool).</summary>
    public string Actor { get; init; } = "";
    /// <summary>What was done.</summary>
    public required string Action { get; init; }
    /// <summary>What it was done to.</summary>
    public string Resource { get; init; } = "";
    /// <summary>Free-form JSON object.</summary>
    public JsonObject Detail { get; init; } = new();
    /// <summary>Creation time (UTC, microseconds).</summary>
    public DateTime CreatedAt { get; init; }
}
