using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Json;

/// <summary>
/// Reads an entity's fields from a JSON object by storage name; a missing property reads as null. A property written
/// under the C# / Go field name instead (<c>AgentID</c>, as Go's encoding/json writes the seed's untagged structs) is
/// found case-insensitively when the storage name is absent, so JSON exported by the Go seed reads.
/// </summary>
internal readonly ref struct JsonEntityReader : IFieldReader
{
    private readonly JsonElement _element;
    private readonly EntitySchema _schema;

    public JsonEntityReader(JsonElement element, EntitySchema schema)
    {
        _element = element;
        _schema = schema;
    }

    private JsonElement Get(int ordinal)
    {
        var field = _schema.Fields[ordinal];
        if (_element.TryGetProperty(field.StorageName, out var value))
        {
            return value;
        }
        foreach (var property in _element.EnumerateObject())
        {
            if (string.Equals(property.Name, field.PropertyName, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return default;
    }

    public bool IsNull(int ordinal) => Get(ordinal).ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;
    public string ReadString(int ordinal) => Get(ordinal).GetString()!;
    public int ReadInt32(int ordinal) => Get(ordinal).GetInt32();
    public long ReadInt64(int ordinal) => Get(ordinal).GetInt64();
    public double ReadDouble(int ordinal) => Get(ordinal).GetDouble();
    public bool ReadBoolean(int ordinal) => Get(ordinal).GetBoolean();
    public DateTime ReadDateTime(int ordinal) => StorageTime.Normalize(Get(ordinal).GetDateTime());
    public JsonNode ReadJson(int ordinal) => Providers.JsonLimits.Parse(Get(ordinal).GetRawText())!;
}
