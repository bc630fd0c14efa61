using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Json;

/// <summary>Writes an entity's fields as JSON properties named by their storage names.</summary>
internal readonly ref struct JsonEntityWriter : IFieldWriter
{
    private readonly Utf8JsonWriter _writer;
    private readonly EntitySchema _schema;

    public JsonEntityWriter(Utf8JsonWriter writer, EntitySchema schema)
    {
        _writer = writer;
        _schema = schema;
    }

    private string Name(int ordinal) => _schema.Fields[ordinal].StorageName;

    public void WriteNull(int ordinal) => _writer.WriteNull(Name(ordinal));
    public void WriteString(int ordinal, string value) => _writer.WriteString(Name(ordinal), value);
    public void WriteInt32(int ordinal, int value) => _writer.WriteNumber(Name(ordinal), value);
    public void WriteInt64(int ordinal, long value) => _writer.WriteNumber(Name(ordinal), value);
    public void WriteDouble(int ordinal, double value) => _writer.WriteNumber(Name(ordinal), value);
    public void WriteBoolean(int ordinal, bool value) => _writer.WriteBoolean(Name(ordinal), value);
    public void WriteDateTime(int ordinal, DateTime value) => _writer.WriteString(Name(ordinal), value.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));

    public void WriteJson(int ordinal, JsonNode value)
    {
        _writer.WritePropertyName(Name(ordinal));
        value.WriteTo(_writer);
    }
}
