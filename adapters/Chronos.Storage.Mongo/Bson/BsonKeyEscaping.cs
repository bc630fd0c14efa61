using System.Buffers;
using System.Text;

namespace Chronos.Storage.Mongo.Bson;

/// <summary>
/// Reversible escaping of JSON object keys into BSON element names. MongoDB treats <c>$</c> and <c>.</c> in field names
/// as operators and paths (and older servers and some drivers reject them), and BSON names cannot hold NUL, so these
/// characters are percent-encoded together with <c>%</c> itself: <c>$set</c> is stored as <c>%24set</c>, <c>a.b</c> as
/// <c>a%2Eb</c>. Keys without them (nearly all) are stored unchanged and stay queryable by their own names.
/// Because a raw <c>%</c> is always escaped, names such as <see cref="NumberTextElement"/> can never come from a key.
/// </summary>
internal static class BsonKeyEscaping
{
    /// <summary>
    /// The single element of the sub-document that stores a JSON number no BSON number holds exactly (more than 34
    /// significant digits or an exponent beyond Decimal128's range), as its text.
    /// </summary>
    public const string NumberTextElement = "%num";

    private static readonly SearchValues<char> Special = SearchValues.Create("%$.\0");

    /// <summary>The BSON element name for a JSON key.</summary>
    public static string Escape(string key)
    {
        var first = key.AsSpan().IndexOfAny(Special);
        if (first < 0) return key;
        var builder = new StringBuilder(key.Length + 8).Append(key, 0, first);
        for (var i = first; i < key.Length; i++)
        {
            var c = key[i];
            builder.Append(c switch
            {
                '%' => "%25",
                '$' => "%24",
                '.' => "%2E",
                '\0' => "%00",
                _ => null,
            } ?? c.ToString());
        }
        return builder.ToString();
    }

    /// <summary>The JSON key for a BSON element name written by <see cref="Escape"/>.</summary>
    /// <exception cref="FormatException">The name has a <c>%</c> not followed by two hex digits.</exception>
    public static string Unescape(string name)
    {
        var first = name.IndexOf('%');
        if (first < 0) return name;
        var builder = new StringBuilder(name.Length).Append(name, 0, first);
        for (var i = first; i < name.Length; i++)
        {
            if (name[i] != '%')
            {
                builder.Append(name[i]);
                continue;
            }
            if (i + 2 >= name.Length || !IsHex(name[i + 1]) || !IsHex(name[i + 2]))
            {
                throw new FormatException($"BSON element name '{name}' has a '%' at {i} that is not an escape written by Chronos.");
            }
            builder.Append((char)Convert.ToInt32(name.Substring(i + 1, 2), 16));
            i += 2;
        }
        return builder.ToString();
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
