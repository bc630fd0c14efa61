using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Chronos.Storage.Schema;
using MongoDB.Bson;

namespace Chronos.Storage.Mongo.Bson;

/// <summary>
/// The generated visitor's source for MongoDB: reads each field from a <see cref="BsonDocument"/> by element name.
/// A value of the wrong BSON type fails with <see cref="BsonFieldFormatException"/> naming the entity, key and field.
/// </summary>
internal readonly ref struct BsonDocumentFieldReader : IFieldReader
{
    private readonly BsonDocument _document;
    private readonly ImmutableArray<string> _names;
    private readonly EntitySchema _schema;

    public BsonDocumentFieldReader(BsonDocument document, ImmutableArray<string> elementNames, EntitySchema schema)
    {
        _document = document;
        _names = elementNames;
        _schema = schema;
    }

    public bool IsNull(int ordinal) => !_document.TryGetValue(_names[ordinal], out var value) || value.IsBsonNull;

    public string ReadString(int ordinal) => Get(ordinal, BsonType.String).AsString;

    public int ReadInt32(int ordinal) => Convert(ordinal, static v => v.ToInt32(), v => v.IsNumeric);

    public long ReadInt64(int ordinal) => Convert(ordinal, static v => v.ToInt64(), v => v.IsNumeric);

    public double ReadDouble(int ordinal) => Convert(ordinal, static v => v.ToDouble(), v => v.IsNumeric);

    public bool ReadBoolean(int ordinal) => Get(ordinal, BsonType.Boolean).AsBoolean;

    public DateTime ReadDateTime(int ordinal) =>
        Convert(ordinal, BsonFieldValues.ToDateTime, static v => v.IsNumeric || v.BsonType == BsonType.DateTime);

    // A value that is no JSON (or nests too deep) throws FormatException: StoredRecord turns it into a
    // StoredRecordFormatException naming entity, key and field, as on every backend.
    public JsonNode ReadJson(int ordinal) => BsonJson.ToJson(_document[_names[ordinal]]) ?? throw new FormatException("a JSON null where a value is required");

    private BsonValue Get(int ordinal, BsonType expected)
    {
        var value = _document[_names[ordinal]];
        return value.BsonType == expected ? value : throw Mismatch(ordinal, value, $"expected BSON {expected}");
    }

    private T Convert<T>(int ordinal, Func<BsonValue, T> convert, Func<BsonValue, bool> accepts)
    {
        var value = _document[_names[ordinal]];
        return accepts(value) ? convert(value) : throw Mismatch(ordinal, value, "expected a BSON number");
    }

    private BsonFieldFormatException Mismatch(int ordinal, BsonValue value, string problem)
    {
        var key = _document.TryGetValue(MongoLayout.IdElement, out var id) && id.IsString ? id.AsString : "?";
        return new BsonFieldFormatException(_schema.EntityName, key, _schema.Fields[ordinal].StorageName,
            $"{_schema.EntityName} '{key}': element '{_names[ordinal]}' holds BSON {value.BsonType}; {problem} for field '{_schema.Fields[ordinal].StorageName}' ({_schema.Fields[ordinal].Kind}).");
    }
}
