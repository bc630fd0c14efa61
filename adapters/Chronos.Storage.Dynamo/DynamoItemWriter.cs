using Chronos.Storage.Providers;
using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Dynamo;

/// <summary>
/// The visitor sink that turns an entity into a DynamoDB item: one attribute per non-null field, named by its storage
/// name. It also keeps every scalar value by ordinal, typed, for building the item's keys.
/// </summary>
/// <remarks>
/// Mapping: string → S; int32/int64 → N; instant → N (Unix microseconds, so numeric conditions work); bool → BOOL;
/// double → N, or S when DynamoDB's number range cannot hold it (±1E126, 1E-130, NaN, infinities); JSON → S holding
/// the JSON text, or B holding <see cref="DynamoJson.BrotliMarker"/> + Brotli-compressed text when large. JSON is kept
/// as text rather than a DynamoDB map because maps cannot hold every JSON number exactly (1e300, 20-digit integers).
/// Null fields are omitted (a missing attribute reads as null).
/// </remarks>
internal struct DynamoItemWriter : IFieldWriter
{
    private readonly EntitySchema _schema;
    private readonly int _compressJsonFromBytes;

    public DynamoItemWriter(EntitySchema schema, int compressJsonFromBytes)
    {
        _schema = schema;
        _compressJsonFromBytes = compressJsonFromBytes;
        Item = new Dictionary<string, AttributeValue>(schema.Fields.Length + 8, StringComparer.Ordinal);
        Values = new IndexValue?[schema.Fields.Length];
    }

    /// <summary>The item's attributes.</summary>
    public Dictionary<string, AttributeValue> Item { get; }

    /// <summary>Scalar field values by ordinal (null for null and JSON fields).</summary>
    public IndexValue?[] Values { get; }

    private readonly string Name(int ordinal) => _schema.Fields[ordinal].StorageName;

    public readonly void WriteNull(int ordinal) { }

    public readonly void WriteString(int ordinal, string value)
    {
        Item[Name(ordinal)] = new AttributeValue { S = value };
        Values[ordinal] = IndexValue.Of(value);
    }

    public readonly void WriteInt32(int ordinal, int value)
    {
        Item[Name(ordinal)] = new AttributeValue { N = value.ToString(CultureInfo.InvariantCulture) };
        Values[ordinal] = IndexValue.Of(value);
    }

    public readonly void WriteInt64(int ordinal, long value)
    {
        Item[Name(ordinal)] = new AttributeValue { N = value.ToString(CultureInfo.InvariantCulture) };
        Values[ordinal] = IndexValue.Of(value);
    }

    public readonly void WriteDouble(int ordinal, double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        Item[Name(ordinal)] = DynamoNumbers.FitsNumber(value) ? new AttributeValue { N = text } : new AttributeValue { S = text };
        Values[ordinal] = IndexValue.Of(value);
    }

    public readonly void WriteBoolean(int ordinal, bool value)
    {
        Item[Name(ordinal)] = new AttributeValue { BOOL = value };
        Values[ordinal] = IndexValue.Of(value);
    }

    public readonly void WriteDateTime(int ordinal, DateTime value)
    {
        var micros = StorageTime.ToUnixMicroseconds(value);
        Item[Name(ordinal)] = new AttributeValue { N = micros.ToString(CultureInfo.InvariantCulture) };
        Values[ordinal] = IndexValue.Of(value);
    }

    public readonly void WriteJson(int ordinal, JsonNode value) => Item[Name(ordinal)] = DynamoJson.ToAttribute(value, _compressJsonFromBytes);
}

/// <summary>JSON values as DynamoDB attributes (text, or Brotli-compressed text when large) and back.</summary>
internal static class DynamoJson
{
    /// <summary>First byte of a compressed JSON binary attribute; other values are reserved for future formats.</summary>
    public const byte BrotliMarker = 1;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static AttributeValue ToAttribute(JsonNode value, int compressFromBytes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            value.WriteTo(writer);
        }
        var utf8 = buffer.WrittenSpan;
        if (utf8.Length >= compressFromBytes)
        {
            var compressed = new byte[1 + BrotliEncoder.GetMaxCompressedLength(utf8.Length)];
            compressed[0] = BrotliMarker;
            if (BrotliEncoder.TryCompress(utf8, compressed.AsSpan(1), out var written, quality: 5, window: 22) && written + 1 < utf8.Length)
            {
                return new AttributeValue { B = new MemoryStream(compressed, 0, written + 1, writable: false, publiclyVisible: true) };
            }
        }
        return new AttributeValue { S = Encoding.UTF8.GetString(utf8) };
    }

    public static JsonNode FromAttribute(AttributeValue value, string entity, string field)
    {
        if (value.S is { } text) return JsonLimits.Parse(text) ?? throw Corrupt(entity, field, "a JSON null");
        if (value.B is { } stream)
        {
            if (stream.Length == 0 || ReadMarker(stream) != BrotliMarker) throw Corrupt(entity, field, "binary data of an unknown format");
            using var brotli = new BrotliStream(stream, CompressionMode.Decompress, leaveOpen: true);
            using var json = new MemoryStream();
            brotli.CopyTo(json);
            return JsonLimits.Parse(json.GetBuffer().AsSpan(0, (int)json.Length)) ?? throw Corrupt(entity, field, "a JSON null");
        }
        throw Corrupt(entity, field, "neither a string nor a binary attribute");
    }

    private static int ReadMarker(MemoryStream stream)
    {
        stream.Position = 0;
        return stream.ReadByte();
    }

    private static InvalidDataException Corrupt(string entity, string field, string what) =>
        new($"{entity}.{field}: the stored JSON attribute is {what}; it was not written by this library.");
}

/// <summary>DynamoDB number rules.</summary>
internal static class DynamoNumbers
{
    /// <summary>True when DynamoDB's number type (38 digits, magnitude 1E-130 to 9.99E+125) holds the double exactly.</summary>
    public static bool FitsNumber(double value) =>
        double.IsFinite(value) && (value == 0 || Math.Abs(value) is >= 1e-130 and < 9.9e125);
}
