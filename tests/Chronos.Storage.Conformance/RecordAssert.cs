using System.Text.Json.Nodes;
using Xunit;
using Xunit.Sdk;

namespace Chronos.Storage.Conformance;

/// <summary>
/// Field-by-field equality of stored records. The records hold <see cref="JsonNode"/>s, which compare by reference,
/// so JSON is compared with <see cref="JsonNode.DeepEquals"/> and times by ticks and kind.
/// </summary>
public static class RecordAssert
{
    /// <summary>Asserts that two JSON values are deeply equal, showing both when not.</summary>
    public static void Json(JsonNode? expected, JsonNode? actual, string what)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            throw new XunitException($"{what}: JSON differs.\nExpected: {Preview(expected)}\nActual:   {Preview(actual)}");
        }
    }

    /// <summary>Asserts an exact UTC instant (ticks and <see cref="DateTimeKind.Utc"/>).</summary>
    public static void Time(DateTime expected, DateTime actual, string what)
    {
        if (expected.Ticks != actual.Ticks || actual.Kind != DateTimeKind.Utc)
        {
            throw new XunitException(
                $"{what}: expected {expected:O} ({expected.Ticks} ticks, Utc), got {actual:O} ({actual.Ticks} ticks, {actual.Kind}).");
        }
    }

    /// <summary>Asserts an exact nullable UTC instant.</summary>
    public static void Time(DateTime? expected, DateTime? actual, string what)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{what}: expected {expected?.ToString("O") ?? "null"}, got {actual?.ToString("O") ?? "null"}.");
            return;
        }
        Time(expected.Value, actual.Value, what);
    }

    /// <summary>Every field of a session.</summary>
    public static void Same(Session expected, Session? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.AgentId, actual.AgentId);
        Assert.Equal(expected.UserId, actual.UserId);
        Assert.Equal(expected.Status, actual.Status);
        Json(expected.Metadata, actual.Metadata, "Session.Metadata");
        Time(expected.CreatedAt, actual.CreatedAt, "Session.CreatedAt");
        Time(expected.UpdatedAt, actual.UpdatedAt, "Session.UpdatedAt");
        Assert.Equal(expected.Version, actual.Version);
    }

    /// <summary>Every field of a memory record.</summary>
    public static void Same(MemoryRecord expected, MemoryRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.SessionId, actual.SessionId);
        Assert.Equal(expected.AgentId, actual.AgentId);
        Assert.Equal(expected.UserId, actual.UserId);
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Key, actual.Key);
        Json(expected.Value, actual.Value, "MemoryRecord.Value");
        Time(expected.CreatedAt, actual.CreatedAt, "MemoryRecord.CreatedAt");
    }

    /// <summary>Every field of an audit log entry.</summary>
    public static void Same(AuditLog expected, AuditLog? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.SessionId, actual.SessionId);
        Assert.Equal(expected.AgentId, actual.AgentId);
        Assert.Equal(expected.Actor, actual.Actor);
        Assert.Equal(expected.Action, actual.Action);
        Assert.Equal(expected.Resource, actual.Resource);
        Json(expected.Detail, actual.Detail, "AuditLog.Detail");
        Time(expected.CreatedAt, actual.CreatedAt, "AuditLog.CreatedAt");
    }

    /// <summary>Every field of a span.</summary>
    public static void Same(Trace expected, Trace? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.SessionId, actual.SessionId);
        Assert.Equal(expected.ParentId, actual.ParentId);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Kind, actual.Kind);
        Json(expected.Input, actual.Input, "Trace.Input");
        Json(expected.Output, actual.Output, "Trace.Output");
        Assert.Equal(expected.Error, actual.Error);
        Time(expected.StartedAt, actual.StartedAt, "Trace.StartedAt");
        Time(expected.EndedAt, actual.EndedAt, "Trace.EndedAt");
    }

    /// <summary>Every field of an event.</summary>
    public static void Same(Event expected, Event? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.SessionId, actual.SessionId);
        Assert.Equal(expected.SeqNum, actual.SeqNum);
        Assert.Equal(expected.Type, actual.Type);
        Json(expected.Payload, actual.Payload, "Event.Payload");
        Time(expected.CreatedAt, actual.CreatedAt, "Event.CreatedAt");
    }

    /// <summary>Every field of a checkpoint.</summary>
    public static void Same(Checkpoint expected, Checkpoint? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.SessionId, actual.SessionId);
        Assert.Equal(expected.RunId, actual.RunId);
        Assert.Equal(expected.NodeId, actual.NodeId);
        Json(expected.State, actual.State, "Checkpoint.State");
        Assert.Equal(expected.SeqNum, actual.SeqNum);
        Time(expected.CreatedAt, actual.CreatedAt, "Checkpoint.CreatedAt");
    }

    private static string Preview(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= 400 ? text : $"{text[..400]}... ({text.Length} chars)";
    }
}
