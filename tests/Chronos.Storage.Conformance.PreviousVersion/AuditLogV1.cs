using System.Text.Json.Nodes;

namespace Chronos.Storage.Conformance.PreviousVersion;

/// <summary>
/// Version 1 of the built-in <c>AuditLog</c> entity, as releases before issue 16 stored it: the same fields, but no
/// <c>by_session</c> index. The upgrade test writes audit logs with it, then runs <c>MigrateAsync</c> of the current code.
/// </summary>
[StorageEntity("AuditLog")]
public sealed partial record AuditLogV1
{
    /// <summary>Unique id.</summary>
    public required string Id { get; init; }
    /// <summary>The session, if any.</summary>
    public string SessionId { get; init; } = "";
    /// <summary>The agent.</summary>
    public required string AgentId { get; init; }
    /// <summary>Who acted.</summary>
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
