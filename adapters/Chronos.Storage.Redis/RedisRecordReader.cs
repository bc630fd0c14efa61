using Chronos.Storage.Providers;
using System.Globalization;
using System.Text.Json.Nodes;
using Chronos.Storage.Schema;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

/// <summary>Reads a record's fields from its hash entries; a missing field reads as null.</summary>
internal readonly ref struct RedisRecordReader : IFieldReader
{
    private readonly RedisValue[] _values;
    private readonly EntitySchema _schema;
    private readonly string _key;

    public RedisRecordReader(RedisValue[] values, EntitySchema schema, string key)
    {
        _values = values;
        _schema = schema;
        _key = key;
    }

    /// <summary>Places hash entries by field ordinal (unknown fields such as index entries are skipped).</summary>
    public static RedisValue[] ByOrdinal(HashEntry[] entries, RedisHashFieldNames names, int fieldCount)
    {
        var values = new RedisValue[fieldCount];
        ByOrdinal(entries, names, values, entryField: default);
        return values;
    }

    /// <summary>
    /// Places hash entries by field ordinal into <paramref name="values"/> (cleared first, so a list reuses one buffer
    /// for every row) and returns the value of the field named <paramref name="entryField"/> (null when absent or when
    /// <paramref name="entryField"/> is empty), in the same pass.
    /// </summary>
    public static RedisValue ByOrdinal(HashEntry[] entries, RedisHashFieldNames names, RedisValue[] values, ReadOnlySpan<byte> entryField)
    {
        Array.Clear(values);
        var entry = RedisValue.Null;
        var hint = 0;
        foreach (var hashEntry in entries)
        {
            // Names from the server are bytes: compared as bytes, never made into strings.
            var name = ((ReadOnlyMemory<byte>)hashEntry.Name).Span;
            var ordinal = names.OrdinalOf(name, hint);
            if (ordinal >= 0)
            {
                values[ordinal] = hashEntry.Value;
                hint = ordinal + 1;
            }
            else if (!entryField.IsEmpty && name.SequenceEqual(entryField))
            {
                entry = hashEntry.Value;
            }
        }
        return entry;
    }

    public bool IsNull(int ordinal) => _values[ordinal].IsNull;
    public string ReadString(int ordinal) => (string)_values[ordinal]!;
    // Integers parse straight from the stored bytes; anything else takes the checked path that names the field.
    public int ReadInt32(int ordinal) =>
        _values[ordinal].TryParse(out int value) ? value : Parse(ordinal, static s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));
    public long ReadInt64(int ordinal) =>
        _values[ordinal].TryParse(out long value) ? value : Parse(ordinal, static s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));
    public double ReadDouble(int ordinal) => Parse(ordinal, static s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture));
    public bool ReadBoolean(int ordinal) => Parse(ordinal, static s => s switch { "1" => true, "0" => false, _ => throw new FormatException("expected 1 or 0") });

    public DateTime ReadDateTime(int ordinal) => Parse(ordinal, static s =>
        StorageTime.Normalize(DateTime.ParseExact(s, RedisRecordWriter.InstantFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)));

    public JsonNode ReadJson(int ordinal) => Parse(ordinal, static s => JsonLimits.Parse(s) ?? throw new FormatException("JSON null where a value is required"));

    private T Parse<T>(int ordinal, Func<string, T> parse)
    {
        var text = (string)_values[ordinal]!;
        try
        {
            return parse(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException or System.Text.Json.JsonException)
        {
            var field = _schema.Fields[ordinal];
            throw new StoredRecordFormatException(
                $"redis: {_schema.EntityName} '{_key}' field '{field.StorageName}' holds '{Shorten(text)}', which is not a valid {field.Kind} ({e.Message}).",
                _schema.EntityName, _key, field.StorageName, e);
        }
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
