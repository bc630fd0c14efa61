using System.Text.Json.Nodes;

namespace Chronos.Storage;

/// <summary>A conversation between an agent and a user. Updated with optimistic concurrency on <see cref="Version"/>.</summary>
[StorageEntity]
public sealed partial record Session
{
    /// <summary>Unique id.</summary>
    public required string Id { get; init; }
    /// <summary>The agent that owns the session.</summary>
    public required string AgentId { get; init; }
    /// <summary>The user, if any.</summary>
    public string UserId { get; init; } = "";
    /// <summary><see cref="SessionStatus.Active"/>, <see cref="SessionStatus.Ended"/>, or an app-defined status.</summary>
    public string Status { get; init; } = SessionStatus.Active;
    /// <summary>Free-form JSON object.</summary>
    public JsonObject Metadata { get; init; } = new();
    /// <summary>Creation time (UTC, microseconds).</summary>
    public DateTime CreatedAt { get; init; }
    /// <summary>Last update time (UTC, microseconds).</summary>
    public DateTime UpdatedAt { get; init; }
    /// <summary>
    /// Optimistic-concurrency version: 1 after create; <c>UpdateSessionAsync</c> succeeds only when it matches the stored
    /// value and returns the record with the next version.
    /// </summary>
    public long Version { get; init; }
}

/// <summary>Well-known session statuses.</summary>
public static class SessionStatus
{
    /// <summary>The session is in progress.</summary>
    public const string Active = "active";
    /// <summary>The session is over.</summary>
    public const string Ended = "ended";
}
