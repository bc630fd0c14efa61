using System.Text.Json.Nodes;

namespace Chronos.Storage;

/// <summary>A remembered value. <c>PutMemoryAsync</c> upserts by <see cref="Id"/>.</summary>
[StorageEntity]
public sealed partial record MemoryRecord
{
    /// <summary>Unique id.</summary>
    public required string Id { get; init; }
    /// <summary>The session that produced it (short-term memory is deleted with its session).</summary>
    public string SessionId { get; init; } = "";
    /// <summary>The owning agent.</summary>
    public required string AgentId { get; init; }
    /// <summary>The user it concerns, if any.</summary>
    public string UserId { get; init; } = "";
    /// <summary><see cref="MemoryKind.ShortTerm"/> or <see cref="MemoryKind.LongTerm"/>.</summary>
    public required string Kind { get; init; }
    /// <summary>Lookup key within the agent.</summary>
    public required string Key { get; init; }
    /// <summary>Any JSON value.</summary>
    public JsonNode? Value { get; init; }
    /// <summary>Creation time (UTC, microseconds).</summary>
    public DateTime CreatedAt { get; init; }
}

/// <summary>The memory kinds.</summary>
public static class MemoryKind
{
    /// <summary>Scoped to a session; deleted with it.</summary>
    public const string ShortTerm = "short_term";
    /// <summary>Survives sessions.</summary>
    public const string LongTerm = "long_term";

    /// <summary>True for a known kind.</summary>
    public static bool IsKnown(string? kind) => kind is ShortTerm or LongTerm;
}
