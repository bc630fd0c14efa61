using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Json;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Telemetry;

/// <summary>
/// What telemetry reads from a record of <typeparamref name="TEntity"/>, worked out once per entity type: which fields
/// hold the agent and session ids (the only values a span carries), and the record's size as entity JSON.
/// </summary>
internal static class EntityTelemetry<TEntity> where TEntity : class, IStorageEntity<TEntity>
{
    /// <summary>The entity's schema (the generated members are explicit interface implementations).</summary>
    public static readonly EntitySchema Schema = TEntity.Schema;

    private static readonly int AgentOrdinal = OrdinalOf("agent_id");

    // A session's own key is its session id; every other entity names it in session_id.
    private static readonly int SessionOrdinal = typeof(TEntity) == typeof(Session) ? Schema.KeyOrdinal : OrdinalOf("session_id");

    /// <summary>Tags the agent and session <paramref name="entity"/> belongs to.</summary>
    public static void TagIds(in ObservedOperation operation, TEntity entity)
    {
        if (!operation.WantsTags || (AgentOrdinal < 0 && SessionOrdinal < 0)) return;
        var probe = new IdProbe(AgentOrdinal, SessionOrdinal);
        TEntity.Write(entity, ref probe);
        operation.TagIds(probe.AgentId, probe.SessionId);
    }

    /// <summary>Tags the session a key names (the key of a session is its id).</summary>
    public static void TagKey(in ObservedOperation operation, string key)
    {
        if (SessionOrdinal == Schema.KeyOrdinal) operation.TagIds(null, key);
    }

    /// <summary>Tags the agent and session an index match names, and the index.</summary>
    public static void TagMatch(in ObservedOperation operation, string index, ImmutableArray<IndexValue> match)
    {
        if (!operation.WantsTags) return;
        operation.Tag(DbAttributes.Index, index);
        var declared = Schema.Indexes.FirstOrDefault(i => i.Name == index);
        if (declared is null) return;   // the adapter reports an undeclared index; telemetry does not pre-empt it
        var ordinals = declared.MatchOrdinals;
        string? agent = null, session = null;
        for (var i = 0; i < ordinals.Length && i < match.Length; i++)
        {
            if (match[i].Kind != FieldKind.String) continue;
            if (ordinals[i] == AgentOrdinal) agent = match[i].AsString;
            else if (ordinals[i] == SessionOrdinal) session = match[i].AsString;
        }
        operation.TagIds(agent, session);
    }

    /// <summary>Records the JSON size of <paramref name="entity"/> when the payload histogram is listened to.</summary>
    public static void RecordPayload(in ObservedOperation operation, TEntity? entity)
    {
        if (entity is null || !StorageTelemetry.PayloadSize.Enabled) return;
        operation.Payload(SizeOf(entity));
    }

    /// <summary>Records the JSON size of every record of a list when the payload histogram is listened to.</summary>
    public static void RecordPayload(in ObservedOperation operation, IReadOnlyList<TEntity> entities)
    {
        operation.Tag(DbAttributes.RecordCount, entities.Count);
        if (!StorageTelemetry.PayloadSize.Enabled) return;
        long total = 0;
        foreach (var entity in entities) total += SizeOf(entity);
        operation.Payload(total);
    }

    private static long SizeOf(TEntity entity)
    {
        var buffer = Scratch.Buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = Scratch.Writer ??= new Utf8JsonWriter(buffer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, entity, EntityJson.TypeInfo<TEntity>());
        writer.Flush();
        return writer.BytesCommitted;
    }

    private static int OrdinalOf(string storageName)
    {
        foreach (var field in Schema.Fields)
        {
            if (field.StorageName == storageName && field.Kind == FieldKind.String) return field.Ordinal;
        }
        return -1;
    }

    /// <summary>Collects the two id fields from the generated visitor; ignores every other field (no value leaves it).</summary>
    private struct IdProbe(int agentOrdinal, int sessionOrdinal) : IFieldWriter
    {
        public string? AgentId;
        public string? SessionId;

        public void WriteString(int ordinal, string value)
        {
            if (ordinal == agentOrdinal) AgentId = value;
            else if (ordinal == sessionOrdinal) SessionId = value;
        }

        public readonly void WriteNull(int ordinal) { }
        public readonly void WriteInt32(int ordinal, int value) { }
        public readonly void WriteInt64(int ordinal, long value) { }
        public readonly void WriteDouble(int ordinal, double value) { }
        public readonly void WriteBoolean(int ordinal, bool value) { }
        public readonly void WriteDateTime(int ordinal, DateTime value) { }
        public readonly void WriteJson(int ordinal, JsonNode value) { }
    }
}

/// <summary>Per-thread buffers for measuring record sizes without allocating per record.</summary>
internal static class Scratch
{
    [ThreadStatic] public static ArrayBufferWriter<byte>? Buffer;
    [ThreadStatic] public static Utf8JsonWriter? Writer;
}
