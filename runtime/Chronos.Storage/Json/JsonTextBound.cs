using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Validation;

namespace Chronos.Storage.Json;

/// <summary>
/// An upper bound of the UTF-8 size of a JSON value as <see cref="Providers.StoredForm"/> writes it (compact,
/// <see cref="System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>), found by walking the nodes
/// without writing anything. Writing the value only to measure it cost a serialization per JSON field on every write;
/// the bound is exact for the common case (ASCII text, parsed numbers) and is only ever too large, never too small, so
/// the engine writes the value for an exact count only when the bound comes near a limit or the compression threshold.
/// </summary>
internal static class JsonTextBound
{
    /// <summary>The bound for a value whose size cannot be known without writing it (a custom type in a JsonValue).</summary>
    public const long Unknown = -1;

    // ASCII that the relaxed encoder writes as itself: printable, but not the quote and the backslash it escapes.
    private static readonly SearchValues<char> PlainChars = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static readonly SearchValues<byte> PlainBytes = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    // The longest text of a number the writer produces: "-1.7976931348623157E+308" is 24; decimal's 29 digits, sign
    // and point 31.
    private const int MaxNumberBytes = 32;

    // A character the encoder escapes becomes at most \uXXXX; any other takes at most 3 UTF-8 bytes.
    private const int MaxBytesPerChar = 6;

    private const int NullBytes = 4;

    /// <summary>At least the UTF-8 size of <paramref name="root"/> as written, or <see cref="Unknown"/>.</summary>
    public static long Of(JsonNode root)
    {
        var stack = new PooledStack<JsonNode>(16);
        try
        {
            return Of(root, ref stack);
        }
        finally
        {
            stack.Release();
        }
    }

    private static long Of(JsonNode root, ref PooledStack<JsonNode> stack)
    {
        long total = 0;
        stack.Push(root);
        while (!stack.IsEmpty)
        {
            switch (stack.Pop())
            {
                // By index, not foreach: JsonObject and JsonArray enumerate through a boxed enumerator.
                case JsonObject obj:
                    total += Brackets(obj.Count);
                    for (var i = 0; i < obj.Count; i++)
                    {
                        var (name, child) = obj.GetAt(i);
                        total += Text(name) + 1; // the colon
                        if (child is null) total += NullBytes;
                        else stack.Push(child);
                    }
                    break;
                case JsonArray array:
                    total += Brackets(array.Count);
                    for (var i = 0; i < array.Count; i++)
                    {
                        var child = array[i];
                        if (child is null) total += NullBytes;
                        else stack.Push(child);
                    }
                    break;
                case JsonValue value:
                    var bytes = Value(value);
                    if (bytes == Unknown) return Unknown;
                    total += bytes;
                    break;
            }
        }
        return total;
    }

    /// <summary>Two brackets and the commas between <paramref name="count"/> members.</summary>
    private static long Brackets(int count) => 2 + Math.Max(count - 1, 0);

    private static long Value(JsonValue value)
    {
        // A parsed value keeps its source text, which the writer copies (numbers, literals) or re-escapes (strings).
        if (value.TryGetValue<JsonElement>(out var element)) return Element(element);
        if (value.TryGetValue<string>(out var text)) return Text(text);
        if (value.TryGetValue<int>(out _) || value.TryGetValue<long>(out _) || value.TryGetValue<double>(out _)
            || value.TryGetValue<decimal>(out _) || value.TryGetValue<float>(out _))
        {
            return MaxNumberBytes;
        }
        if (value.TryGetValue<bool>(out _)) return 5;
        // Quoted round-trip text: a Guid is 38 bytes, a DateTimeOffset at most 35.
        if (value.TryGetValue<Guid>(out _) || value.TryGetValue<DateTime>(out _) || value.TryGetValue<DateTimeOffset>(out _)) return 64;
        if (value.TryGetValue<char>(out _)) return 2 + MaxBytesPerChar;
        return Unknown;
    }

    private static long Element(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        return element.ValueKind switch
        {
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => raw.Length,
            // Raw text with no escape and nothing the encoder escapes is written as it is; otherwise each raw byte
            // yields at most one character.
            JsonValueKind.String when raw.Length >= 2 && raw[1..^1].IndexOfAnyExcept(PlainBytes) < 0 => raw.Length,
            _ => (long)raw.Length * MaxBytesPerChar,
        };
    }

    /// <summary>A quoted string: exact for plain ASCII, else every character from the first other one counted at its worst.</summary>
    private static long Text(string text)
    {
        var firstOther = text.AsSpan().IndexOfAnyExcept(PlainChars);
        return 2 + (firstOther < 0 ? text.Length : firstOther + (long)(text.Length - firstOther) * MaxBytesPerChar);
    }
}
