namespace Chronos.Storage;

/// <summary>
/// Compares strings by Unicode code point, which is the order of their UTF-8 bytes: how every backend orders string
/// sort keys (SQLite BINARY, PostgreSQL "C", MariaDB utf8mb4_bin, MongoDB, DynamoDB, Redis lexicographic sets).
/// <see cref="string.CompareOrdinal(string, string)"/> differs only where a surrogate pair meets U+E000..U+FFFF.
/// </summary>
internal static class CodePointOrder
{
    /// <summary>Negative, zero or positive as <paramref name="a"/> sorts before, with or after <paramref name="b"/>.</summary>
    public static int Compare(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i]) return Weight(a[i]) - Weight(b[i]);
        }
        return a.Length - b.Length;
    }

    /// <summary>Moves surrogates (U+D800..U+DFFF, which encode code points above U+FFFF) above U+E000..U+FFFF.</summary>
    private static int Weight(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
