using System.Globalization;
using System.Text;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Redis;

/// <summary>
/// Builds every key from the generated <see cref="RedisLayout"/> and the store's key prefix. Values inside keys are
/// escaped ('%', ':', '{', '}' as %25 %3A %7B %7D) so that a value can neither end a hash tag early nor make two
/// different match tuples name the same key.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    /// <summary>The store's key prefix.</summary>
    public string Prefix { get; } = prefix;

    /// <summary>The hash holding the schema version of every entity.</summary>
    public string SchemaKey => Prefix + "_schema";

    /// <summary>The record hash of <paramref name="id"/> in <paramref name="partition"/>.</summary>
    public string Record(RedisLayout layout, string partition, string id) =>
        layout.UsesLocator
            ? $"{Prefix}{layout.RecordKeyPrefix}{{{Escape(partition)}}}:{Escape(id)}"
            : $"{Prefix}{layout.RecordKeyPrefix}{{{Escape(id)}}}";

    /// <summary>The string key holding the partition value of <paramref name="id"/>.</summary>
    public string Locator(RedisLayout layout, string id) => $"{Prefix}{layout.LocatorKeyPrefix}{{{Escape(id)}}}";

    /// <summary>The sorted set of <paramref name="index"/> for the given match values (one per match field).</summary>
    public string Index(RedisIndexLayout index, ReadOnlySpan<IndexValue> match)
    {
        // One match field (every built-in index): a single concatenation instead of a builder, on every list and append.
        if (match.Length == 1) return string.Concat(Prefix, index.KeyPrefix, "{", Escape(Text(match[0])), "}");
        var key = new StringBuilder(Prefix).Append(index.KeyPrefix).Append('{');
        for (var i = 0; i < match.Length; i++)
        {
            key.Append(i == 0 ? "" : ":").Append(Escape(Text(match[i])));
            if (i == 0) key.Append('}');
        }
        if (match.Length == 0) key.Append('}');
        return key.ToString();
    }

    /// <summary>The sequence counter of a session's ledger, beside (and in the slot of) its index.</summary>
    public static string Counter(string indexKey) => indexKey + ":seq";

    /// <summary>The text of a value inside a key (numbers invariant, instants as Unix microseconds).</summary>
    public static string Text(IndexValue value) => value.Kind switch
    {
        FieldKind.String => value.AsString,
        FieldKind.Double => value.AsDouble.ToString("R", CultureInfo.InvariantCulture),
        _ => value.AsInt64.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Escapes the characters that are structural in keys.</summary>
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny("%:{}") < 0) return value;
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            text.Append(c switch { '%' => "%25", ':' => "%3A", '{' => "%7B", '}' => "%7D", _ => c.ToString() });
        }
        return text.ToString();
    }
}
