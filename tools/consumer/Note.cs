using System.Text.Json.Nodes;
using Chronos.Storage;

namespace Consumer;

/// <summary>The consumer's own entity: generated in this compilation from notes.schema.yaml, by the packaged generator.</summary>
[StorageEntity]
public sealed partial record Note
{
    public required string Id { get; init; }
    public required string Owner { get; init; }
    public string Text { get; init; } = "";
    public JsonObject Tags { get; init; } = new();
    public DateTime WrittenAt { get; init; }
}
