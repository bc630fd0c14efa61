using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Dynamo;

/// <summary>
/// Reads a stored item's scalar fields and skips its JSON fields (each reads as an empty object), for the writes that
/// only need where a stored record is indexed (its guard items) before deleting or replacing it. Keys and index fields
/// are never JSON, so a record whose JSON is unreadable (corrupted out of band) can still be deleted or overwritten.
/// </summary>
internal readonly struct DynamoKeyFieldReader : IFieldReader
{
    private readonly DynamoItemReader _reader;
    private readonly EntitySchema _schema;

    public DynamoKeyFieldReader(Dictionary<string, AttributeValue> item, EntitySchema schema)
    {
        _reader = new DynamoItemReader(item, schema);
        _schema = schema;
    }

    public bool IsNull(int ordinal) => _schema.Fields[ordinal].Kind != FieldKind.Json && _reader.IsNull(ordinal);

    public string ReadString(int ordinal) => _reader.ReadString(ordinal);

    public int ReadInt32(int ordinal) => _reader.ReadInt32(ordinal);

    public long ReadInt64(int ordinal) => _reader.ReadInt64(ordinal);

    public double ReadDouble(int ordinal) => _reader.ReadDouble(ordinal);

    public bool ReadBoolean(int ordinal) => _reader.ReadBoolean(ordinal);

    public DateTime ReadDateTime(int ordinal) => _reader.ReadDateTime(ordinal);

    public JsonNode ReadJson(int ordinal) => new JsonObject();
}
