using System.Text.Json.Nodes;

namespace Chronos.Storage;

/// <summary>A resumable snapshot of a run, taken at ledger position <see cref="SeqNum"/>.</summary>
[StorageEntity]
public sealed partial record Checkpoint
{
    /// <summary>Unique id.</summary>
    public required string Id { get; init; }
    /// <summary>The session.</summary>
    public required string SessionId { get; init; }
    /// <summary>The run.</summary>
    public string RunId { get; init; } = "";
    /// <summary>The graph node.</summary>
    public string NodeId { get; init; } = "";
    /// <summary>The run's state as a JSON object.</summary>
    public JsonObject State { get; init; } = new();
    /// <summary>The ledger position the state reflects.</summary>
    public long SeqNum { get; init; }
    /// <summary>Creation time (UTC, microseconds).</summary>
    public DateTime CreatedAt { get; init; }
}
