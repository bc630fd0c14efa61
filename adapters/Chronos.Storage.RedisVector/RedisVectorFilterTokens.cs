using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Providers;

namespace Chronos.Storage.RedisVector;

/// <summary>
/// How metadata equality filters are indexed: one TAG field holds, for each top-level string, number or boolean
/// metadata entry with a filterable key, a token that is a digest of the typed pair (<c>s|n|b</c>, key, canonical
/// value). A filter <c>{group: "g1", n: 2}</c> becomes <c>@filter:{token(group,"g1")} @filter:{token(n,2)}</c>.
/// <para>Why digests rather than the values themselves: RediSearch TAG values are lower-cased (unless CASESENSITIVE),
/// trimmed, split on a separator and need punctuation escaped in queries; a digest of 32 hex digits has none of those
/// problems, so string equality stays exact and case-sensitive for any text, user values never appear in query text,
/// and one TAG field serves every key (no FT.ALTER per new key, whose background re-index would race with searches).
/// The type letter keeps the string "2" apart from the number 2; numbers are canonicalised as doubles (2 and 2.0 give
/// the same token), exactly as <see cref="MetadataFilter"/> compares them, and the engine re-checks every hit with
/// <see cref="MetadataFilter"/> anyway.</para>
/// <para>The token format is stored data: changing it would make existing embeddings unfindable by filter.</para>
/// </summary>
internal static class RedisVectorFilterTokens
{
    /// <summary>
    /// The token of one metadata pair, or null when the key is not filterable or the value is not a string, number or
    /// boolean. Filterable keys are identifiers (no NUL), so the NUL-separated text hashed is unambiguous.
    /// </summary>
    public static string? Token(string key, JsonValue value) => Token(key, value, "");

    /// <summary>
    /// The token of one item of a top-level array (its typed pair prefixed with <c>i</c>, so that an array holding
    /// "a" and a value equal to "a" stay apart): what <c>Contains</c> looks for.
    /// </summary>
    public static string? ItemToken(string key, JsonValue item) => Token(key, item, "i");

    private static string? Token(string key, JsonValue value, string kind)
    {
        if (!VectorGuard.IsFilterableKey(key))
        {
            return null;
        }
        var canonical = value.GetValueKind() switch
        {
            JsonValueKind.String => "s\0" + key + "\0" + value.GetValue<string>(),
            JsonValueKind.True => "b\0" + key + "\0true",
            JsonValueKind.False => "b\0" + key + "\0false",
            JsonValueKind.Number => "n\0" + key + "\0" + CanonicalNumber(MetadataFilter.ToDouble(value)),
            _ => null,
        };
        if (canonical is null)
        {
            return null;
        }
        canonical = kind + canonical;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    /// <summary>The comma-separated tokens of every filterable entry of <paramref name="metadata"/> (empty when none).</summary>
    public static string ForMetadata(JsonObject? metadata)
    {
        if (metadata is null)
        {
            return "";
        }
        var tokens = new List<string>();
        foreach (var (key, node) in metadata)
        {
            if (node is JsonValue value && Token(key, value) is { } token)
            {
                tokens.Add(token);
            }
            else if (node is JsonArray array)
            {
                foreach (var item in array)
                {
                    if (item is JsonValue scalar && ItemToken(key, scalar) is { } itemToken && !tokens.Contains(itemToken))
                    {
                        tokens.Add(itemToken);
                    }
                }
            }
        }
        return string.Join(',', tokens);
    }

    /// <summary>The tokens a filter must all match, in key order (so that the command is deterministic).</summary>
    public static IReadOnlyList<string> ForFilter(IReadOnlyDictionary<string, JsonValue>? equals) =>
        equals is null
            ? []
            : equals.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => Token(p.Key, p.Value) ?? throw new StorageArgumentException($"options.MetadataEquals[\"{p.Key}\"]", null, "metadata",
                    $"filter key '{p.Key}' must be an identifier and its value a string, number or boolean."))
                .ToArray();

    // 0 and -0 are equal doubles: give them one token. "R" round-trips every other double exactly.
    private static string CanonicalNumber(double number) =>
        (number == 0 ? 0d : number).ToString("R", CultureInfo.InvariantCulture);
}
