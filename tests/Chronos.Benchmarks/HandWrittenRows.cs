using System.Data.Common;
using System.Text.Json.Nodes;
using Chronos.Storage;

namespace Chronos.Benchmarks;

/// <summary>
/// The row mapping of the hand-written SQL baselines, written once: the columns they select, in this order, read by
/// ordinal with typed getters. Only how an instant is stored differs per backend, so that is a type argument
/// (<see cref="UnixMicroseconds"/> or <see cref="TimestampColumn"/>), resolved at compile time: no delegate, no
/// allocation beyond the record itself, as a careful engineer's own mapper would be.
/// </summary>
internal static class HandWrittenRows
{
    public const string SessionColumns = "id, agent_id, user_id, status, metadata, created_at, updated_at, version";
    public const string EventColumns = "id, session_id, seq_num, type, payload, created_at";

    public static Session Session<TInstant>(DbDataReader r) where TInstant : struct, IInstantColumn => new()
    {
        Id = r.GetString(0), AgentId = r.GetString(1), UserId = r.GetString(2), Status = r.GetString(3),
        Metadata = JsonNode.Parse(r.GetString(4))!.AsObject(),
        CreatedAt = TInstant.Read(r, 5), UpdatedAt = TInstant.Read(r, 6), Version = r.GetInt64(7),
    };

    /// <summary>
    /// The hand-written batch insert: one multi-row INSERT of <paramref name="rows"/> events, parameters <c>@p0</c>
    /// onwards, six per row in <see cref="EventColumns"/> order; <paramref name="suffix"/> ends it (the dialect's
    /// "unless the id exists", or nothing).
    /// </summary>
    public static string EventRowsInsert(int rows, string suffix) =>
        $"INSERT INTO events ({EventColumns}) VALUES " +
        string.Join(", ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", Enumerable.Range(r * 6, 6).Select(p => "@p" + p)) + ")")) + suffix;

    /// <summary>Binds <paramref name="e"/> as row <paramref name="row"/> of <see cref="EventRowsInsert"/>.</summary>
    public static void BindEventRow<TInstant>(DbParameterCollection parameters, int row, Event e) where TInstant : struct, IInstantColumn
    {
        var p = row * 6;
        parameters[p].Value = e.Id;
        parameters[p + 1].Value = e.SessionId;
        parameters[p + 2].Value = e.SeqNum;
        parameters[p + 3].Value = e.Type;
        parameters[p + 4].Value = (object?)e.Payload?.ToJsonString() ?? DBNull.Value;
        parameters[p + 5].Value = TInstant.Value(e.CreatedAt);
    }

    public static Event Event<TInstant>(DbDataReader r) where TInstant : struct, IInstantColumn => new()
    {
        Id = r.GetString(0), SessionId = r.GetString(1), SeqNum = r.GetInt64(2), Type = r.GetString(3),
        Payload = r.IsDBNull(4) ? null : JsonNode.Parse(r.GetString(4)), CreatedAt = TInstant.Read(r, 5),
    };
}

/// <summary>How a backend's instant column reads back as a UTC <see cref="DateTime"/>.</summary>
internal interface IInstantColumn
{
    static abstract DateTime Read(DbDataReader reader, int ordinal);

    /// <summary>The parameter value of a UTC instant.</summary>
    static abstract object Value(DateTime instant);
}

/// <summary>BIGINT microseconds since the Unix epoch (SQLite, MariaDB).</summary>
internal readonly struct UnixMicroseconds : IInstantColumn
{
    public static DateTime Read(DbDataReader reader, int ordinal) => StorageTime.FromUnixMicroseconds(reader.GetInt64(ordinal));

    public static object Value(DateTime instant) => StorageTime.ToUnixMicroseconds(instant);
}

/// <summary>A timestamp column the driver reads as a DateTime (PostgreSQL timestamptz), marked UTC.</summary>
internal readonly struct TimestampColumn : IInstantColumn
{
    public static DateTime Read(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    public static object Value(DateTime instant) => instant;
}
