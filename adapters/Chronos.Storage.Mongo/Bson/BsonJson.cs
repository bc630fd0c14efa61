using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MongoDB.Bson;

namespace Chronos.Storage.Mongo.Bson;

/// <summary>
/// JSON values as native BSON (documents, arrays, strings, booleans, numbers), so that they stay queryable in MongoDB,
/// with an exact round trip (<see cref="JsonNode.DeepEquals"/>): integers as Int32/Int64 (beyond 2^53 too), larger
/// integers and decimals that a double would round as Decimal128, fractions as Double (read back with a fraction, so a
/// re-save keeps them doubles), keys escaped by <see cref="BsonKeyEscaping"/>. Integers read back as JSON number text,
/// as on the SQL backends, so <c>GetValue&lt;long&gt;()</c> works whatever BSON width stored them. Both directions
/// refuse nesting beyond <see cref="StorageLimits.MaxJsonDepth"/> before recursing further, so no input can overflow
/// the stack (the engine refuses such JSON before it gets here; this keeps the converter safe on its own).
/// </summary>
internal static class BsonJson
{
    /// <summary>The BSON form of a JSON value (a JSON null is <see cref="BsonNull"/>).</summary>
    /// <exception cref="ArgumentException">The JSON nests deeper than <see cref="StorageLimits.MaxJsonDepth"/>.</exception>
    public static BsonValue ToBson(JsonNode? node) => ToBson(node, depth: 0);

    private static BsonValue ToBson(JsonNode? node, int depth)
    {
        if (node is JsonObject or JsonArray && ++depth > StorageLimits.MaxJsonDepth)
        {
            throw new ArgumentException($"JSON at {node.GetPath()} nests deeper than {StorageLimits.MaxJsonDepth} levels (StorageLimits.MaxJsonDepth).", nameof(node));
        }
        switch (node)
        {
            case null:
                return BsonNull.Value;
            case JsonObject obj:
                var document = new BsonDocument(allowDuplicateNames: false);
                foreach (var (key, value) in obj)
                {
                    document.Add(BsonKeyEscaping.Escape(key), ToBson(value, depth));
                }
                return document;
            case JsonArray array:
                var bsonArray = new BsonArray(array.Count);
                foreach (var item in array)
                {
                    bsonArray.Add(ToBson(item, depth));
                }
                return bsonArray;
            default:
                return FromValue(node.AsValue());
        }
    }

    /// <summary>The JSON value of a BSON value written by <see cref="ToBson(JsonNode?)"/>.</summary>
    /// <exception cref="FormatException">The BSON holds a type JSON has no form for (e.g. binary, ObjectId).</exception>
    /// <exception cref="FormatException">The BSON nests deeper than <see cref="StorageLimits.MaxJsonDepth"/>.</exception>
    public static JsonNode? ToJson(BsonValue value) => ToJson(value, depth: 0);

    private static JsonNode? ToJson(BsonValue value, int depth)
    {
        if (value.BsonType is BsonType.Document or BsonType.Array && ++depth > StorageLimits.MaxJsonDepth)
        {
            throw new FormatException($"the stored value nests deeper than {StorageLimits.MaxJsonDepth} levels (StorageLimits.MaxJsonDepth).");
        }
        switch (value.BsonType)
        {
            case BsonType.Null:
                return null;
            case BsonType.Document:
                var document = value.AsBsonDocument;
                if (document.ElementCount == 1 && document.GetElement(0) is { Name: BsonKeyEscaping.NumberTextElement, Value.IsString: true } number)
                {
                    return JsonNode.Parse(number.Value.AsString);
                }
                var obj = new JsonObject();
                foreach (var element in document)
                {
                    obj.Add(BsonKeyEscaping.Unescape(element.Name), ToJson(element.Value, depth));
                }
                return obj;
            case BsonType.Array:
                var array = new JsonArray();
                foreach (var item in value.AsBsonArray)
                {
                    array.Add(ToJson(item, depth));
                }
                return array;
            case BsonType.String:
                return JsonValue.Create(value.AsString);
            case BsonType.Boolean:
                return JsonValue.Create(value.AsBoolean);
            case BsonType.Int32:
                return NumberFromText(value.AsInt32.ToString(CultureInfo.InvariantCulture));
            case BsonType.Int64:
                return NumberFromText(value.AsInt64.ToString(CultureInfo.InvariantCulture));
            case BsonType.Double:
                var d = value.AsDouble;
                var text = JsonNumberText.DoubleText(d);
                // An integral double keeps its ".0": a JsonValue of the double would print "1" and come back an integer.
                return text.EndsWith(".0", StringComparison.Ordinal) ? JsonNode.Parse(text) : JsonValue.Create(d);
            case BsonType.Decimal128:
                return JsonNode.Parse(value.AsDecimal128.ToString());
            default:
                throw new FormatException($"BSON {value.BsonType} has no JSON form; JSON fields hold documents, arrays, strings, numbers, booleans and null.");
        }
    }

    /// <summary>A number as the SQL backends return it (parsed from its text), so every numeric GetValue works alike.</summary>
    private static JsonNode NumberFromText(string text) => JsonValue.Create(JsonElement.Parse(text))!;

    private static BsonValue FromValue(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return new BsonString(value.TryGetValue<string>(out var s) ? s : JsonDocument.Parse(value.ToJsonString()).RootElement.GetString()!);
            case JsonValueKind.True:
                return BsonBoolean.True;
            case JsonValueKind.False:
                return BsonBoolean.False;
            case JsonValueKind.Null:
                return BsonNull.Value;
            case JsonValueKind.Number:
                return FromNumber(value);
            default:
                throw new FormatException($"JSON value kind {value.GetValueKind()} cannot be stored.");
        }
    }

    private static BsonValue FromNumber(JsonValue value)
    {
        // Always through the value's own text: a parsed "2.0" is a double even where it would convert to int 2.
        var text = value.ToJsonString();
        int i32;
        long i64;
        // A negative zero ("-0", "-0.0", "-0e5") keeps its sign only as text: BSON integers have no -0, and servers differ
        // on whether a stored double or Decimal128 zero keeps its sign bit.
        if (text.StartsWith('-') && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var zero) && zero == 0)
        {
            return new BsonDocument(BsonKeyEscaping.NumberTextElement, text);
        }
        if (JsonNumberText.IsInteger(text))
        {
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out i32)) return new BsonInt32(i32);
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out i64)) return new BsonInt64(i64);
        }
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                 && double.IsFinite(d) && JsonNumberText.SameValue(text, JsonNumberText.DoubleText(d)))
        {
            return new BsonDouble(d);
        }
        if (Decimal128.TryParse(text, out var dec) && JsonNumberText.SameValue(text, dec.ToString()))
        {
            return new BsonDecimal128(dec);
        }
        return new BsonDocument(BsonKeyEscaping.NumberTextElement, text);
    }
}
