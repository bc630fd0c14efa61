using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Dynamo;

/// <summary>Reads an entity's fields from a DynamoDB item (the inverse of <see cref="DynamoItemWriter"/>).</summary>
internal readonly struct DynamoItemReader : IFieldReader
{
    private readonly Dictionary<string, AttributeValue> _item;
    private readonly EntitySchema _schema;

    public DynamoItemReader(Dictionary<string, AttributeValue> item, EntitySchema schema)
    {
        _item = item;
        _schema = schema;
    }

    private AttributeValue? Find(int ordinal) => _item.TryGetValue(_schema.Fields[ordinal].StorageName, out var value) ? value : null;

    private AttributeValue Get(int ordinal) => Find(ordinal) ?? throw Corrupt(ordinal, "missing");

    public bool IsNull(int ordinal) => Find(ordinal) is not { } value || value.NULL == true;

    public string ReadString(int ordinal) => Get(ordinal).S ?? throw Corrupt(ordinal, "not a string");

    public int ReadInt32(int ordinal) => int.Parse(Number(ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public long ReadInt64(int ordinal) => long.Parse(Number(ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public double ReadDouble(int ordinal)
    {
        var value = Get(ordinal);
        // Doubles outside DynamoDB's number range are stored as their round-trip text (see DynamoItemWriter).
        var text = value.N ?? value.S ?? throw Corrupt(ordinal, "neither a number nor a string");
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public bool ReadBoolean(int ordinal) => Get(ordinal).BOOL ?? throw Corrupt(ordinal, "not a boolean");

    public DateTime ReadDateTime(int ordinal) =>
        StorageTime.FromUnixMicroseconds(long.Parse(Number(ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture));

    public JsonNode ReadJson(int ordinal) => DynamoJson.FromAttribute(Get(ordinal), _schema.EntityName, _schema.Fields[ordinal].StorageName);

    private string Number(int ordinal) => Get(ordinal).N ?? throw Corrupt(ordinal, "not a number");

    private InvalidDataException Corrupt(int ordinal, string what) =>
        new($"{_schema.EntityName}.{_schema.Fields[ordinal].StorageName}: the stored attribute is {what} " +
            $"(expected {_schema.Fields[ordinal].Kind}); the item was not written by this library's mapping.");
}
