using System.Globalization;
using System.Text.Json.Nodes;
using Chronos.Storage.Schema;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

/// <summary>
/// Visits a record into hash field values by ordinal (null fields are left out of the hash) and keeps each field's
/// typed value for key and index-member building, so one visit serves both.
/// </summary>
internal readonly struct RedisRecordWriter : IFieldWriter
{
    /// <summary>The instant format of hash values: ISO 8601 UTC with microseconds, like the JSON export.</summary>
    public const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <param name="fieldCount">The entity's field count.</param>
    /// <param name="typed">False when only the hash values are needed (the ledger append): no typed copy is kept.</param>
    public RedisRecordWriter(int fieldCount, bool typed = true)
    {
        Values = new RedisValue[fieldCount];
        Typed = typed ? new IndexValue[fieldCount] : null;
    }

    /// <summary>Hash value per ordinal; <see cref="RedisValue.Null"/> for a null field.</summary>
    public RedisValue[] Values { get; }

    /// <summary>Typed value per ordinal (default for null and JSON fields); null when not asked for.</summary>
    public IndexValue[]? Typed { get; }

    public void WriteNull(int ordinal) => Values[ordinal] = RedisValue.Null;

    public void WriteString(int ordinal, string value)
    {
        Values[ordinal] = value;
        if (Typed is not null) Typed[ordinal] = IndexValue.Of(value);
    }

    public void WriteInt32(int ordinal, int value)
    {
        Values[ordinal] = value;
        if (Typed is not null) Typed[ordinal] = IndexValue.Of(value);
    }

    public void WriteInt64(int ordinal, long value)
    {
        Values[ordinal] = value;
        if (Typed is not null) Typed[ordinal] = IndexValue.Of(value);
    }

    public void WriteDouble(int ordinal, double value)
    {
        Values[ordinal] = value.ToString("R", CultureInfo.InvariantCulture);
        if (Typed is not null) Typed[ordinal] = IndexValue.Of(value);
    }

    public void WriteBoolean(int ordinal, bool value)
    {
        Values[ordinal] = value ? 1 : 0;
        if (Typed is not null) Typed[ordinal] = IndexValue.Of(value);
    }

    public void WriteDateTime(int ordinal, DateTime value)
    {
        Values[ordinal] = value.ToString(InstantFormat, CultureInfo.InvariantCulture);
        if (Typed is not null) Typed[ordinal] = IndexValue.Of(value);
    }

    public void WriteJson(int ordinal, JsonNode value) => Values[ordinal] = value.ToJsonString();
}
