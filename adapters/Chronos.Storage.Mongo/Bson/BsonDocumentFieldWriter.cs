using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Chronos.Storage.Schema;
using MongoDB.Bson;

namespace Chronos.Storage.Mongo.Bson;

/// <summary>The generated visitor's sink for MongoDB: appends each field to a <see cref="BsonDocument"/> under its element name.</summary>
internal readonly ref struct BsonDocumentFieldWriter : IFieldWriter
{
    private readonly BsonDocument _document;
    private readonly ImmutableArray<string> _names;

    public BsonDocumentFieldWriter(BsonDocument document, ImmutableArray<string> elementNames)
    {
        _document = document;
        _names = elementNames;
    }

    public void WriteNull(int ordinal) => _document.Add(_names[ordinal], BsonNull.Value);

    public void WriteString(int ordinal, string value) => _document.Add(_names[ordinal], new BsonString(value));

    public void WriteInt32(int ordinal, int value) => _document.Add(_names[ordinal], new BsonInt32(value));

    public void WriteInt64(int ordinal, long value) => _document.Add(_names[ordinal], new BsonInt64(value));

    public void WriteDouble(int ordinal, double value) => _document.Add(_names[ordinal], new BsonDouble(value));

    public void WriteBoolean(int ordinal, bool value) => _document.Add(_names[ordinal], BsonBoolean.Create(value));

    public void WriteDateTime(int ordinal, DateTime value) => _document.Add(_names[ordinal], BsonFieldValues.FromDateTime(value));

    public void WriteJson(int ordinal, JsonNode value) => _document.Add(_names[ordinal], BsonJson.ToBson(value));
}
