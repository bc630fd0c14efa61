using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Chronos.Storage.Json;

/// <summary>
/// Typed, NativeAOT-safe access to the built-in entities' JSON fields (<c>Payload</c>, <c>State</c>, <c>Value</c>,
/// <c>Metadata</c>, <c>Detail</c>, <c>Input</c>, <c>Output</c>): read as <c>T</c> and write from
/// <c>T</c> through the caller's <see cref="JsonTypeInfo{T}"/> (from its own
/// <c>JsonSerializerContext</c>), instead of converting <see cref="JsonNode"/>s by hand.
/// </summary>
/// <example><c>var order = evt.GetPayload(AppJson.Default.Order); evt = evt.WithPayload(order, AppJson.Default.Order);</c></example>
public static class JsonFieldAccessors
{
    /// <summary><see cref="Event.Payload"/> as <typeparamref name="T"/> (default when absent).</summary>
    public static T? GetPayload<T>(this Event entity, JsonTypeInfo<T> typeInfo) => Read(entity.Payload, typeInfo);

    /// <summary>A copy with <see cref="Event.Payload"/> set from <paramref name="value"/>.</summary>
    public static Event WithPayload<T>(this Event entity, T value, JsonTypeInfo<T> typeInfo) => entity with { Payload = Write(value, typeInfo) };

    /// <summary><see cref="Checkpoint.State"/> as <typeparamref name="T"/>.</summary>
    public static T? GetState<T>(this Checkpoint entity, JsonTypeInfo<T> typeInfo) => Read(entity.State, typeInfo);

    /// <summary>A copy with <see cref="Checkpoint.State"/> set from <paramref name="value"/> (must serialize to an object).</summary>
    public static Checkpoint WithState<T>(this Checkpoint entity, T value, JsonTypeInfo<T> typeInfo) =>
        entity with { State = WriteObject(value, typeInfo, nameof(Checkpoint.State)) };

    /// <summary><see cref="MemoryRecord.Value"/> as <typeparamref name="T"/> (default when absent).</summary>
    public static T? GetValue<T>(this MemoryRecord entity, JsonTypeInfo<T> typeInfo) => Read(entity.Value, typeInfo);

    /// <summary>A copy with <see cref="MemoryRecord.Value"/> set from <paramref name="value"/>.</summary>
    public static MemoryRecord WithValue<T>(this MemoryRecord entity, T value, JsonTypeInfo<T> typeInfo) => entity with { Value = Write(value, typeInfo) };

    /// <summary><see cref="Session.Metadata"/> as <typeparamref name="T"/>.</summary>
    public static T? GetMetadata<T>(this Session entity, JsonTypeInfo<T> typeInfo) => Read(entity.Metadata, typeInfo);

    /// <summary>A copy with <see cref="Session.Metadata"/> set from <paramref name="value"/> (must serialize to an object).</summary>
    public static Session WithMetadata<T>(this Session entity, T value, JsonTypeInfo<T> typeInfo) =>
        entity with { Metadata = WriteObject(value, typeInfo, nameof(Session.Metadata)) };

    /// <summary><see cref="AuditLog.Detail"/> as <typeparamref name="T"/>.</summary>
    public static T? GetDetail<T>(this AuditLog entity, JsonTypeInfo<T> typeInfo) => Read(entity.Detail, typeInfo);

    /// <summary>A copy with <see cref="AuditLog.Detail"/> set from <paramref name="value"/> (must serialize to an object).</summary>
    public static AuditLog WithDetail<T>(this AuditLog entity, T value, JsonTypeInfo<T> typeInfo) =>
        entity with { Detail = WriteObject(value, typeInfo, nameof(AuditLog.Detail)) };

    /// <summary><see cref="Trace.Input"/> as <typeparamref name="T"/> (default when absent).</summary>
    public static T? GetInput<T>(this Trace entity, JsonTypeInfo<T> typeInfo) => Read(entity.Input, typeInfo);

    /// <summary>A copy with <see cref="Trace.Input"/> set from <paramref name="value"/>.</summary>
    public static Trace WithInput<T>(this Trace entity, T value, JsonTypeInfo<T> typeInfo) => entity with { Input = Write(value, typeInfo) };

    /// <summary><see cref="Trace.Output"/> as <typeparamref name="T"/> (default when absent).</summary>
    public static T? GetOutput<T>(this Trace entity, JsonTypeInfo<T> typeInfo) => Read(entity.Output, typeInfo);

    /// <summary>A copy with <see cref="Trace.Output"/> set from <paramref name="value"/>.</summary>
    public static Trace WithOutput<T>(this Trace entity, T value, JsonTypeInfo<T> typeInfo) => entity with { Output = Write(value, typeInfo) };

    private static T? Read<T>(JsonNode? node, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return node is null ? default : node.Deserialize(typeInfo);
    }

    private static JsonNode? Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return JsonSerializer.SerializeToNode(value, typeInfo);
    }

    private static JsonObject WriteObject<T>(T value, JsonTypeInfo<T> typeInfo, string field) =>
        Write(value, typeInfo) as JsonObject
        ?? throw new ArgumentException($"{field} must be a JSON object, but {typeof(T).Name} serializes to something else.", nameof(value));
}
