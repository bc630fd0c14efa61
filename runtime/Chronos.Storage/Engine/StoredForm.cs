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
/// user JSON shaped like the compression wrapper escaped, and its size counted for the backend's
/// <see cref="BackendLimits"/> (checked by <see cref="StorageEngine.Stored{TEntity}"/>), all before anything is sent.
/// </summary>
internal static class StoredForm
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// <paramref name="entity"/> as stored (the same instance when nothing is compressed) and its
    /// <paramref name="size"/> as <see cref="BackendLimits"/> counts it. The common record (no JSON field that could
    /// reach <paramref name="compression"/>'s threshold or looks like its wrapper) is only walked for an upper bound
    /// (<see cref="StoredSize.Exact"/> false), without boxing a field or writing any JSON; <see cref="Measure"/> gives
    /// the exact size when a bound comes near a limit.
    /// </summary>
    public static TEntity Encode<TEntity>(TEntity entity, JsonCompression? compression, out StoredSize size)
        where TEntity : IStorageEntity<TEntity>
    {
        var bound = new SizeBound(compression);
        TEntity.Write(entity, ref bound);
        if (!bound.MustWrite)
        {
            size = bound.Size;
            return entity;
        }
        return Written(entity, compression, encode: true, out size);
    }

    /// <summary>The exact size of <paramref name="stored"/>, a record <see cref="Encode"/> returned.</summary>
    public static StoredSize Measure<TEntity>(TEntity stored) where TEntity : IStorageEntity<TEntity>
    {
        Written(stored, compression: null, encode: false, out var size);
        return size;
    }

    /// <summary>Writes every JSON field to count it exactly; with <paramref name="encode"/>, also compresses or escapes it.</summary>
    private static TEntity Written<TEntity>(TEntity entity, JsonCompression? compression, bool encode, out StoredSize size)
        where TEntity : IStorageEntity<TEntity>
    {
        var capture = new RowCapture(new object?[TEntity.Schema.Fields.Length]);
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
                JsonNode json => StoredJson(json, compression, encode, ref row[i], ref changed),
                _ => 8,
            };
            total += bytes;
            if (bytes > largestBytes)
            {
                largestBytes = bytes;
                largest = i;
            }
        }
        size = new StoredSize(total, largestBytes, largest, Exact: true);
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

    private static long StoredJson(JsonNode json, JsonCompression? compression, bool encode, ref object? slot, ref bool changed)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteTo(writer);
        }
        var utf8 = buffer.WrittenSpan;
        if (!encode) return utf8.Length;
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

    /// <summary>
    /// The record's size without writing it: strings and scalars exactly, JSON by <see cref="JsonTextBound"/>.
    /// <see cref="MustWrite"/> when some JSON field has to be written anyway: it may be compressed, looks like the
    /// compression wrapper (and must be escaped), or its size cannot be bounded.
    /// </summary>
    private struct SizeBound(JsonCompression? compression) : IFieldWriter
    {
        private long _total;
        private long _largestBytes = -1;
        private int _largest;
        private bool _hasJson;

        public bool MustWrite { get; private set; }

        public readonly StoredSize Size => new(_total, _largestBytes, _largest, Exact: !_hasJson);

        public void WriteNull(int ordinal) => Add(ordinal, 0);
        public void WriteString(int ordinal, string value) => Add(ordinal, Encoding.UTF8.GetByteCount(value));
        public void WriteInt32(int ordinal, int value) => Add(ordinal, 8);
        public void WriteInt64(int ordinal, long value) => Add(ordinal, 8);
        public void WriteDouble(int ordinal, double value) => Add(ordinal, 8);
        public void WriteBoolean(int ordinal, bool value) => Add(ordinal, 1);
        public void WriteDateTime(int ordinal, DateTime value) => Add(ordinal, 8);

        public void WriteJson(int ordinal, JsonNode value)
        {
            _hasJson = true;
            if (MustWrite) return;
            var bound = JsonTextBound.Of(value);
            MustWrite = bound == JsonTextBound.Unknown || CompressedJson.LooksEncoded(value)
                || (compression is { } c && value is not JsonArray && bound >= c.MinBytes);
            Add(ordinal, bound);
        }

        private void Add(int ordinal, long bytes)
        {
            _total += bytes;
            if (bytes > _largestBytes)
            {
                _largestBytes = bytes;
                _largest = ordinal;
            }
        }
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

/// <summary>
/// A record's size as <see cref="BackendLimits"/> counts it: <paramref name="Bytes"/> in all, its largest field
/// (<paramref name="LargestOrdinal"/>, <paramref name="LargestBytes"/>); upper bounds unless <paramref name="Exact"/>.
/// </summary>
internal readonly record struct StoredSize(long Bytes, long LargestBytes, int LargestOrdinal, bool Exact);
