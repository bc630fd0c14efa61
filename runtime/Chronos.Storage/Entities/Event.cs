using System.Text.Json.Nodes;

namespace Chronos.Storage;

/// <summary>
/// One entry of a session's append-only ledger. Leave <see cref="SeqNum"/> 0 and the store assigns the next number
/// atomically; <c>(SessionId, SeqNum)</c> is unique.
/// </summary>
[StorageEntity]
public sealed partial record Event
{
    /// <summary>Unique id; re-appending the same id is idempotent.</summary>
    public required string Id { get; init; }
    /// <summary>The session.</summary>
    public required string SessionId { get; init; }
    /// <summary>1, 2, 3… within the session; 0 on input means "assign the next".</summary>
    public long SeqNum { get; init; }
    /// <summary>Event type, e.g. <see cref="EventType.ChatMessage"/>.</summary>
    public required string Type { get; init; }
    /// <summary>Any JSON payload.</summary>
    public JsonNode? Payload { get; init; }
    /// <summary>Creation time (UTC, microseconds).</summary>
    public DateTime CreatedAt { get; init; }
}

/// <summary>Well-known event types.</summary>
public static class EventType
{
    /// <summary>A chat message.</summary>
    public const string ChatMessage = "chat_message";
    /// <summary>A summary replacing earlier messages.</summary>
    public const string ChatSummary = "chat_summary";
    /// <summary>A graph node finished.</summary>
    public const string NodeExecuted = "node_executed";
}
