using System.Globalization;
using System.Text;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Providers;

/// <summary>
/// Encodes tuples of typed values as strings whose ordinal (UTF-8 byte) order is the tuple's order, so that a
/// backend that sorts keys as plain strings (DynamoDB sort keys, Redis lexicographic sorted sets) lists records exactly
/// like the SQL backends' <c>ORDER BY a, b, c</c>. One encoding, shared by every backend that needs it.
/// </summary>
/// <remarks>
/// <para>Every component ends with <see cref="Terminator"/> (U+0001), which sorts below every character a component can
/// contain, so a component that is a prefix of another sorts first and the next component never leaks into the
/// comparison: the encoding of a tuple is prefix-free and injective.</para>
/// <para>Strings keep their characters (so they compare by UTF-8 bytes, as SQLite's BINARY and PostgreSQL's "C"
/// collations do); U+0000..U+0002 are escaped as U+0002 followed by U+0001..U+0003, which keeps their order.
/// Integers, instants (Unix microseconds), doubles and booleans are fixed-width upper-case hex of an order-preserving
/// unsigned image (sign bit flipped; negative doubles fully inverted).</para>
/// <para>Components ascend. An index whose sort keys all descend is read backwards (DynamoDB
/// <c>ScanIndexForward = false</c>, Redis <c>ZREVRANGEBYLEX</c>); the spec allows one direction per index.</para>
/// </remarks>
public static class SortKeyEncoding
{
    /// <summary>Ends every component; below every character a component body can contain.</summary>
    public const char Terminator = '\u0001';

    /// <summary>Starts an escape inside a string body; also the smallest character that can follow a body's prefix.</summary>
    public const char Escape = '\u0002';

    /// <summary>Encodes <paramref name="values"/> as one order-preserving string.</summary>
    public static string Encode(params ReadOnlySpan<IndexValue> values)
    {
        var builder = new StringBuilder();
        foreach (var value in values) Append(builder, value);
        return builder.ToString();
    }

    /// <summary>Appends one component (body + <see cref="Terminator"/>).</summary>
    public static StringBuilder Append(StringBuilder builder, IndexValue value)
    {
        AppendBody(builder, value);
        return builder.Append(Terminator);
    }

    /// <summary>
    /// Appends a null component: an empty body, so null sorts before every value of the field (SQLite's rule for
    /// <c>NULLS</c> in ascending order).
    /// </summary>
    public static StringBuilder AppendNull(StringBuilder builder) => builder.Append(Terminator);

    /// <summary>
    /// The smallest string that is greater than every key whose first component is <paramref name="value"/> or less,
    /// and not greater than any key whose first component is greater: "strictly after" in ascending order is
    /// <c>key &gt;= AfterAll(value)</c>.
    /// </summary>
    public static string AfterAll(IndexValue value)
    {
        var builder = new StringBuilder();
        AppendBody(builder, value);
        // Keys equal on this component continue with the terminator (U+0001); longer strings continue with a body
        // character, and every body character is >= U+0002.
        return builder.Append(Escape).ToString();
    }

    /// <summary>
    /// The string every key whose first component is <paramref name="value"/> or more is not less than, and every key
    /// whose first component is less is less than: "strictly before" (descending "after") is <c>key &lt; BeforeAll(value)</c>.
    /// </summary>
    public static string BeforeAll(IndexValue value) => Encode(value);

    private static void AppendBody(StringBuilder builder, IndexValue value)
    {
        switch (value.Kind)
        {
            case FieldKind.String:
                AppendString(builder, value.AsString);
                break;
            case FieldKind.Int32:
            case FieldKind.Int64:
            case FieldKind.DateTime:
                AppendHex(builder, unchecked((ulong)value.AsInt64 ^ 0x8000_0000_0000_0000UL));
                break;
            case FieldKind.Boolean:
                builder.Append(value.AsInt64 != 0 ? '1' : '0');
                break;
            case FieldKind.Double:
                AppendHex(builder, OrderedBits(value.AsDouble));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "Only scalar fields can be sort keys.");
        }
    }

    private static void AppendString(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            if (c <= Escape)
            {
                builder.Append(Escape).Append((char)(c + 1));
            }
            else
            {
                builder.Append(c);
            }
        }
    }

    private static void AppendHex(StringBuilder builder, ulong value) =>
        builder.Append(value.ToString("X16", CultureInfo.InvariantCulture));

    /// <summary>IEEE 754 total order as an unsigned integer: -0.0 and 0.0 are made equal first, as SQL compares them.</summary>
    private static ulong OrderedBits(double value)
    {
        if (value == 0) value = 0;
        var bits = unchecked((ulong)BitConverter.DoubleToInt64Bits(value));
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    /// <summary>The position just after the component that starts at <paramref name="start"/> (any kind).</summary>
    /// <exception cref="FormatException">No terminator follows: the text is not a valid encoding.</exception>
    public static int Skip(string encoded, int start)
    {
        for (var i = start; i < encoded.Length; i++)
        {
            if (encoded[i] == Escape) i++;
            else if (encoded[i] == Terminator) return i + 1;
        }
        throw new FormatException($"Truncated sort key: no terminator after position {start} of a {encoded.Length}-character key.");
    }

    /// <summary>Decodes the string component at <paramref name="start"/>; <paramref name="next"/> is the position after it.</summary>
    public static string ReadString(string encoded, int start, out int next)
    {
        next = Skip(encoded, start);
        return DecodeString(encoded.AsSpan(start, next - start));
    }

    /// <summary>Decodes an encoded string component (the inverse of the string case).</summary>
    /// <exception cref="FormatException">The text is not one encoded string component.</exception>
    public static string DecodeString(ReadOnlySpan<char> encoded)
    {
        if (encoded.Length == 0 || encoded[^1] != Terminator) throw new FormatException("An encoded component ends with U+0001.");
        var builder = new StringBuilder(encoded.Length);
        for (var i = 0; i < encoded.Length - 1; i++)
        {
            var c = encoded[i];
            if (c == Escape)
            {
                if (++i >= encoded.Length - 1) throw new FormatException($"Dangling escape at {i - 1}.");
                builder.Append((char)(encoded[i] - 1));
            }
            else if (c == Terminator)
            {
                throw new FormatException($"Terminator inside the component at {i}.");
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
