using System.Text.Json.Nodes;

namespace Chronos.Storage;

/// <summary>A span of agent work. <c>InsertTraceAsync</c> upserts by <see cref="Id"/>: write it at start, again at end.</summary>
[StorageEntity]
public sealed partial record Trace
{
    /// <summary>Unique id.</summary>
    public required string Id { get; init; }
    /// <summary>The session.</summary>
    public required string SessionId { get; init; }
    /// <summary>The parent span, if any.</summary>
    public string? ParentId { get; init; }
    /// <summary>Span name.</summary>
    public required string Name { get; init; }
    /// <summary><see cref="TraceKind"/> or app-defined.</summary>
    public string Kind { get; init; } = TraceKind.Node;
    /// <summary>Any JSON input.</summary>
    public JsonNode? Input { get; init; }
    /// <summary>Any JSON output.</summary>
    public JsonNode? Output { get; init; }
    /// <summary>Error text, if the span failed.</summary>
    public string? Error { get; init; }
    /// <summary>Start time (UTC, microseconds).</summary>
    public DateTime StartedAt { get; init; }
    /// <summary>End time, null while running.</summary>
    public DateTime? EndedAt { get; init; }
}

/// <summary>Well-known trace kinds.</summary>
public static class TraceKind
{
    /// <summary>A graph node ran.</summary>
    public const string Node = "node";
    /// <summary>A tool was called.</summary>
    public const string ToolCall = "tool_call";
    /// <summary>A model was called.</summary>
    public const string ModelCall = "model_call";
    /// <summary>A human approval.</summary>
    public const string Approval = "approval";
}
