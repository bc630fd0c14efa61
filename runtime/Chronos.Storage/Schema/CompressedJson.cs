using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using ZstdSharp;

namespace Chronos.Storage.Json;

/// <summary>
/// The stored form of a compressed JSON field: <c>{"chronos:zstd": "&lt;base64 of a zstd frame&gt;"}</c>. A JSON object
/// with exactly that one property is always this form: the writer stores user JSON of the same shape compressed too
/// (<see cref="LooksEncoded"/>), so no user value is ever mistaken for it. The frame always declares its content size,
/// which the reader checks against <see cref="StorageLimits.MaxCompressedJsonBytes"/> before allocating.
/// </summary>
internal static class CompressedJson
{
    /// <summary>The one property name of the wrapper object.</summary>
    public const string Marker = "chronos:zstd";

    // {"chronos:zstd":""} around the base64 text.
    private const int WrapperOverheadBytes = 19;

    // The object JsonLimits.Parse last parsed on this thread and found not to be the wrapper, while a record's JSON field
    // was being read (StoredRecord: ExpectStoredParse, the backend's ReadJson, DecodeStored, all on one thread). Then
    // DecodeStored need not ask the node itself: JsonObject.Count materializes every property of a lazily parsed
    // object, a cost the hand-written reads do not pay when the caller never looks inside. Parses outside a record read
    // (vector metadata, configuration) are not remembered, and DecodeStored empties the slot, so it never keeps a
    // caller's object alive.
    [ThreadStatic] private static bool _expectingStoredParse;
    [ThreadStatic] private static JsonObject? _parsedPlain;

    /// <summary>True when <paramref name="value"/> has the wrapper's shape (a one-property object named <see cref="Marker"/>).</summary>
    public static bool LooksEncoded(JsonNode value) =>
        value is JsonObject { Count: 1 } obj && obj.GetAt(0).Key == Marker;

    /// <summary>True when <paramref name="element"/> has the wrapper's shape; reads the element, allocates nothing.</summary>
    public static bool IsWrapper(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) return false;
        using var properties = element.EnumerateObject();
        return properties.MoveNext() && properties.Current.NameEquals(Marker) && !properties.MoveNext();
    }

    /// <summary>Marks the start of a record field read on this thread: the next parse may vouch for its object.</summary>
    public static void ExpectStoredParse() => _expectingStoredParse = true;

    /// <summary>
    /// Remembers <paramref name="parsed"/>, just parsed from stored JSON, as known not to be the wrapper; only inside a
    /// record field read (<see cref="ExpectStoredParse"/>).
    /// </summary>
    public static void RememberParsedPlain(JsonObject parsed)
    {
        if (_expectingStoredParse) _parsedPlain = parsed;
    }

    /// <summary>Ends a record field read that failed before <see cref="DecodeStored"/>.</summary>
    public static void ForgetStoredParse()
    {
        _expectingStoredParse = false;
        _parsedPlain = null;
    }

    /// <summary>
    /// <see cref="Decode"/> for a value a backend has just read, ending the field read: a node
    /// <see cref="RememberParsedPlain"/> vouched for is returned as it is, without asking it for its properties.
    /// </summary>
    public static JsonNode DecodeStored(JsonNode stored)
    {
        var vouched = _parsedPlain;
        ForgetStoredParse();
        return ReferenceEquals(stored, vouched) ? stored : Decode(stored);
    }

    /// <summary>The size of the stored wrapper for a compressed payload of <paramref name="compressedBytes"/>.</summary>
    public static long WrappedSize(int compressedBytes) => WrapperOverheadBytes + 4L * ((compressedBytes + 2) / 3);

    /// <summary>Compresses <paramref name="utf8"/> into the wrapper object; <paramref name="storedBytes"/> is its UTF-8 size.</summary>
    public static JsonObject Encode(ReadOnlySpan<byte> utf8, int level, out long storedBytes)
    {
        using var compressor = new Compressor(level);
        // The frame declares its content size (zstd does when the whole input is given at once), which the reader checks.
        var buffer = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(utf8.Length));
        try
        {
            var written = compressor.Wrap(utf8, buffer);
            storedBytes = WrappedSize(written);
            return new JsonObject { [Marker] = Convert.ToBase64String(buffer, 0, written) };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// <paramref name="stored"/> itself, or the JSON it holds when it is the wrapper. A damaged wrapper (not base64, not a
    /// zstd frame, no or too large a declared size, not JSON inside) throws <see cref="InvalidDataException"/>, which
    /// <see cref="StoredRecord"/> reports as a <see cref="StoredRecordFormatException"/> naming entity, key and field.
    /// </summary>
    public static JsonNode Decode(JsonNode stored)
    {
        if (!LooksEncoded(stored)) return stored;
        var payload = stored.AsObject().GetAt(0).Value;
        if (payload is not JsonValue value || !value.TryGetValue<string>(out var base64))
        {
            throw new InvalidDataException($"the compressed JSON wrapper's '{Marker}' property is not a base64 string.");
        }
        byte[] frame;
        try
        {
            frame = Convert.FromBase64String(base64);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"the compressed JSON wrapper's '{Marker}' property is not valid base64.", e);
        }
        return JsonNode.Parse(Decompress(frame), nodeOptions: null, StorageLimits.StoredJsonReaderOptions) ?? throw new InvalidDataException("the compressed JSON holds a JSON null.");
    }

    private static byte[] Decompress(byte[] frame)
    {
        ulong declared;
        try
        {
            declared = Decompressor.GetDecompressedSize(frame);
        }
        catch (ZstdException e)
        {
            throw new InvalidDataException("the compressed JSON is not a zstd frame.", e);
        }
        // 0 is also zstd's answer for "size unknown"; this library always writes the size, and JSON is never empty.
        if (declared == 0 || declared > StorageLimits.MaxCompressedJsonBytes)
        {
            throw new InvalidDataException(
                $"the compressed JSON declares {declared:N0} bytes; at most {StorageLimits.MaxCompressedJsonBytes:N0} are read (StorageLimits.MaxCompressedJsonBytes).");
        }
        var json = new byte[(int)declared];
        try
        {
            using var decompressor = new Decompressor();
            if (!decompressor.TryUnwrap(frame, json, out var written) || written != json.Length)
            {
                throw new InvalidDataException($"the compressed JSON does not expand to its declared {declared:N0} bytes.");
            }
        }
        catch (ZstdException e)
        {
            throw new InvalidDataException("the compressed JSON is a damaged zstd frame.", e);
        }
        return json;
    }
}
