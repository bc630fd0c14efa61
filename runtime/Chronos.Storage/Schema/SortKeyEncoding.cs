using System.Globalization;
using System.Text;

namespace Chronos.Storage.Schema;

/// <summary>
/// An order-preserving, prefix-free text encoding of index sort keys: comparing two encodings ordinally (UTF-16 or
/// their UTF-8 bytes, which order the same way) orders them exactly like the values. Used by the Redis lexicographic
/// sorted sets and by any backend whose sort keys are strings (DynamoDB sort keys).
/// </summary>
/// <remarks>
/// Numbers are fixed width, so a component never is a prefix of another; strings are escaped and terminated by
/// U+0000. Encoded components never contain U+FFFF / byte 0xFF, so "encoding + 0xFF" is an upper bound of every
/// key that starts with the encoding.
/// </remarks>
public static class SortKeyEncoding
{
    /// <summary>Width of an encoded 64-bit integer (sign class + 19 digits).</summary>
    public const int Int64Width = 20;

    /// <summary>Width of an encoded double (16 hex digits).</summary>
    public const int DoubleWidth = 16;

    /// <summary>Appends the encoding of <paramref name="value"/> for a field of <see cref="IndexValue.Kind"/>.</summary>
    /// <exception cref="NotSupportedException">JSON values are not orderable.</exception>
    public static void Append(StringBuilder text, IndexValue value)
    {
        switch (value.Kind)
        {
            case FieldKind.String: AppendString(text, value.AsString); break;
            case FieldKind.Int32:
            case FieldKind.Int64:
            case FieldKind.DateTime: AppendInt64(text, value.AsInt64); break;
            case FieldKind.Boolean: text.Append(value.AsInt64 != 0 ? '1' : '0'); break;
            case FieldKind.Double: AppendDouble(text, value.AsDouble); break;
            default: throw new NotSupportedException($"Values of kind {value.Kind} cannot be sort keys.");
        }
    }

    /// <summary>
    /// Non-negative: '1' and 19 zero-padded digits; negative: '0' and the 19 digits of value + 2^63. Fixed width, so
    /// ordinal order is numeric order.
    /// </summary>
    public static void AppendInt64(StringBuilder text, long value)
    {
        var magnitude = value >= 0 ? (ulong)value : (ulong)value ^ 0x8000_0000_0000_0000UL;
        text.Append(value >= 0 ? '1' : '0').Append(magnitude.ToString("D19", CultureInfo.InvariantCulture));
    }

    /// <summary>The IEEE bits made order-preserving (flip all bits of negatives, the sign bit of positives), as hex.</summary>
    public static void AppendDouble(StringBuilder text, double value)
    {
        if (value == 0) value = 0; // -0.0 and 0.0 compare equal; encode them the same.
        var bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        bits = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
        text.Append(bits.ToString("X16", CultureInfo.InvariantCulture));
    }

    /// <summary>U+0000 becomes U+0001 U+0001, U+0001 becomes U+0001 U+0002, then a U+0000 terminator.</summary>
    public static void AppendString(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\u0000': text.Append('\u0001').Append('\u0001'); break;
                case '\u0001': text.Append('\u0001').Append('\u0002'); break;
                default: text.Append(c); break;
            }
        }
        text.Append('\u0000');
    }

    /// <summary>Decodes the string component that starts at <paramref name="start"/>; <paramref name="next"/> is the position after it.</summary>
    /// <exception cref="FormatException">The text is not a valid string encoding.</exception>
    public static string ReadString(string encoded, int start, out int next)
    {
        next = Skip(encoded, start, FieldKind.String);
        var text = new StringBuilder(next - start - 1);
        for (var i = start; i < next - 1; i++)
        {
            var c = encoded[i];
            if (c == '\u0001')
            {
                i++;
                text.Append(i < next - 1 && encoded[i] == '\u0002' ? '\u0001' : '\u0000');
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }

    /// <summary>The position just after the component of <paramref name="kind"/> that starts at <paramref name="start"/>.</summary>
    /// <exception cref="FormatException">The text is not a valid encoding.</exception>
    public static int Skip(string encoded, int start, FieldKind kind)
    {
        var end = kind switch
        {
            FieldKind.Int32 or FieldKind.Int64 or FieldKind.DateTime => start + Int64Width,
            FieldKind.Double => start + DoubleWidth,
            FieldKind.Boolean => start + 1,
            FieldKind.String => encoded.IndexOf('\u0000', start) + 1,
            _ => throw new NotSupportedException($"Values of kind {kind} cannot be sort keys."),
        };
        if (end <= start || end > encoded.Length)
        {
            throw new FormatException($"Truncated sort key: a {kind} component at position {start} of a {encoded.Length}-character key.");
        }
        return end;
    }
}
