using System.Globalization;

namespace Chronos.Storage.Mongo.Bson;

/// <summary>
/// Decides, from a JSON number's text, which BSON number holds it exactly: Int32/Int64 for integers that fit,
/// Double when the double's shortest text is the same number, Decimal128 when its 34 digits are, otherwise the text.
/// Comparison is by value (sign, significant digits, exponent), so <c>1e300</c> and <c>1E+300</c> are the same number.
/// </summary>
internal static class JsonNumberText
{
    /// <summary>True when the text has no fraction and no exponent (a JSON integer).</summary>
    public static bool IsInteger(string text) => text.AsSpan().IndexOfAny('.', 'e', 'E') < 0;

    /// <summary>Whether two JSON number texts denote the same value.</summary>
    public static bool SameValue(string a, string b) =>
        TryCanonical(a, out var ca) && TryCanonical(b, out var cb) && ca == cb;

    /// <summary>The double's text in a form that reads back as a double (keeps a ".0" on integral values).</summary>
    public static string DoubleText(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return IsInteger(text) ? text + ".0" : text;
    }

    /// <summary>
    /// A canonical form "[-]digits e exponent" with no leading or trailing zeros in digits (zero is "0e0", signed).
    /// False for text that is not a JSON number or whose exponent does not fit in a long.
    /// </summary>
    private static bool TryCanonical(string text, out string canonical)
    {
        canonical = "";
        var span = text.AsSpan().Trim();
        var negative = span.Length > 0 && span[0] == '-';
        if (negative) span = span[1..];
        var e = span.IndexOfAny('e', 'E');
        long exponent = 0;
        if (e >= 0)
        {
            if (!long.TryParse(span[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)) return false;
            span = span[..e];
        }
        var dot = span.IndexOf('.');
        var digits = dot < 0 ? span.ToString() : string.Concat(span[..dot], span[(dot + 1)..]);
        if (dot >= 0) exponent -= span.Length - dot - 1;
        if (digits.Length == 0) return false;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9') return false;
        }
        digits = digits.TrimStart('0');
        if (digits.Length == 0)
        {
            canonical = negative ? "-0e0" : "0e0";
            return true;
        }
        var trimmed = digits.TrimEnd('0');
        exponent += digits.Length - trimmed.Length;
        canonical = (negative ? "-" : "") + trimmed + "e" + exponent.ToString(CultureInfo.InvariantCulture);
        return true;
    }
}
