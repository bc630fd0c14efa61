using System.Buffers;

namespace Chronos.Storage.Validation;

/// <summary>The string rule of <see cref="StorageLimits"/>: valid UTF-16 (no lone surrogate) and no U+0000.</summary>
internal static class StorageText
{
    // NUL and every surrogate: one vectorized scan finds the first character that needs a closer look.
    private static readonly SearchValues<char> NeedsCheck = SearchValues.Create(
        "\0" + string.Create(0xE000 - 0xD800, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = (char)(0xD800 + i);
        }));

    /// <summary>The position of the first NUL or lone surrogate in <paramref name="text"/>, or -1.</summary>
    public static int IndexOfInvalid(ReadOnlySpan<char> text)
    {
        var start = text.IndexOfAny(NeedsCheck);
        if (start < 0) return -1;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return i;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
                return i;
            }
            if (char.IsLowSurrogate(c)) return i;
        }
        return -1;
    }

    /// <summary>Why the character at <paramref name="index"/> (found by <see cref="IndexOfInvalid"/>) is refused.</summary>
    public static string Describe(string text, int index) =>
        text[index] == '\0'
            ? $"contains U+0000 (NUL) at character {index}; no backend stores NUL (PostgreSQL text and jsonb cannot hold it)."
            : $"is not valid UTF-16: lone surrogate U+{(int)text[index]:X4} at character {index} (text cut inside a surrogate pair?); it would be stored changed or not at all.";
}
