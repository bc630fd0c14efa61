using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Json;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Providers;

/// <summary>
/// A validated record as the backend will store it: large JSON fields compressed (<see cref="JsonCompression"/>),
/// user JSON shaped like the compression wrapper escaped, and every size checked against the backend's
/// <see cref="BackendLimits"/>, all before anything is sent. One pass of the generated visitor, for every entity.
/// </summary>
internal static class StoredForm
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// <paramref name="entity"/> as stored (the same instance when nothing is compressed); <paramref name="storedBytes"/>
    /// is its size as <see cref="BackendLimits"/> counts it, <paramref name="largestField"/> the storage name of its
    /// largest field (the one to shrink).
    /// </summary>
    /// <exception cref="RecordTooLargeException">A field is over <paramref name="maxFieldBytes"/>.</exception>
    public static TEntity Encode<TEntity>(TEntity entity, string backend, long? maxFieldBytes, JsonCompression? compression,
        out long storedBytes, out string largestField)
        where TEntity : IStorageEntity<TEntity>
    {
        var schema = TEntity.Schema;
        var capture = new RowCapture(new object?[schema.Fields.Length]);
        TEntity.Write(entity, ref capture);
        var row = capture.Row;
        long total = 0, largestBytes = -1;
        var largest = 0;
        var changed = false;
        for (var i = 0; i < row.Length; i++)
        {
            var bytes = row[i] switch
            {
                null => 0,
                string s => Encoding.UTF8.GetByteCount(s),
                bool => 1,
                JsonNode json => StoredJson(json, compression, ref row[i], ref changed),
                _ => 8,
            };
            total += bytes;
            if (bytes > largestBytes)
            {
                largestBytes = bytes;
                largest = i;
            }
        }
        largestField = schema.Fields[largest].StorageName;
        if (maxFieldBytes is { } maxField && largestBytes > maxField)
        {
            throw new RecordTooLargeException(backend, schema.EntityName, TEntity.GetKey(entity), largestBytes, maxField, largestField, "field");
        }
        storedBytes = total;
        return changed ? Rebuild<TEntity>(row) : entity;
    }

    /// <summary><paramref name="entity"/> with every compressed JSON field expanded (the same instance when none is).</summary>
    public static TEntity Decode<TEntity>(TEntity entity) where TEntity : IStorageEntity<TEntity>
    {
        var capture = new RowCapture(new object?[TEntity.Schema.Fields.Length]);
        TEntity.Write(entity, ref capture);
        var row = capture.Row;
        var changed = false;
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] is JsonNode json && CompressedJson.LooksEncoded(json))
            {
                row[i] = CompressedJson.Decode(json);
                changed = true;
            }
        }
        return changed ? Rebuild<TEntity>(row) : entity;
    }

    private static long StoredJson(JsonNode json, JsonCompression? compression, ref object? slot, ref bool changed)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteTo(writer);
        }
        var utf8 = buffer.WrittenSpan;
        var mustEncode = CompressedJson.LooksEncoded(json);
        var mayCompress = compression is { } c && json is not JsonArray && utf8.Length >= c.MinBytes && utf8.Length <= StorageLimits.MaxCompressedJsonBytes;
        if (!mustEncode && !mayCompress) return utf8.Length;
        var wrapped = CompressedJson.Encode(utf8, compression?.Level ?? 3, out var wrappedBytes);
        // Compression that does not shrink the value is not kept (unless the value must be escaped).
        if (!mustEncode && wrappedBytes >= utf8.Length) return utf8.Length;
        slot = wrapped;
        changed = true;
        return wrappedBytes;
    }

    private static TEntity Rebuild<TEntity>(object?[] row) where TEntity : IStorageEntity<TEntity>
    {
        var reader = new RowReader(row);
        return TEntity.Read(ref reader);
    }

    /// <summary>Every field's value by ordinal, as the generated visitor gives it.</summary>
    private readonly struct RowCapture(object?[] row) : IFieldWriter
    {
        public object?[] Row => row;
        public void WriteNull(int ordinal) => row[ordinal] = null;
        public void WriteString(int ordinal, string value) => row[ordinal] = value;
        public void WriteInt32(int ordinal, int value) => row[ordinal] = value;
        public void WriteInt64(int ordinal, long value) => row[ordinal] = value;
        public void WriteDouble(int ordinal, double value) => row[ordinal] = value;
        public void WriteBoolean(int ordinal, bool value) => row[ordinal] = value;
        public void WriteDateTime(int ordinal, DateTime value) => row[ordinal] = value;
        public void WriteJson(int ordinal, JsonNode value) => row[ordinal] = value;
    }

    /// <summary>A captured row read back through the generated visitor.</summary>
    private readonly struct RowReader(object?[] row) : IFieldReader
    {
        public bool IsNull(int ordinal) => row[ordinal] is null;
        public string ReadString(int ordinal) => (string)row[ordinal]!;
        public int ReadInt32(int ordinal) => (int)row[ordinal]!;
        public long ReadInt64(int ordinal) => (long)row[ordinal]!;
        public double ReadDouble(int ordinal) => (double)row[ordinal]!;
        public bool ReadBoolean(int ordinal) => (bool)row[ordinal]!;
        public DateTime ReadDateTime(int ordinal) => (DateTime)row[ordinal]!;
        public JsonNode ReadJson(int ordinal) => (JsonNode)row[ordinal]!;
    }
}
