using System.Text;
using System.Text.RegularExpressions;

namespace Chronos.Storage.Providers;

/// <summary>
/// The one place that hides secrets in DSNs. Every message or log line that could show a DSN goes through
/// <see cref="Redact"/>, and text from a driver that may echo the DSN goes through <see cref="Scrub"/>.
/// Recognizes URL user info (<c>scheme://user:secret@host</c>, <c>redis://:secret@host</c>) and key=value pairs
/// separated by <c>;</c>, <c>,</c>, <c>&amp;</c>, <c>?</c> or spaces whose key names a secret (password, pwd, secret,
/// token, api key, access key, credential, sig...), quoted or not.
/// In a comma-separated string (StackExchange.Redis's <c>host:6379,password=a,b=c,ssl=true</c>) a secret may itself
/// hold ',' and '=': it ends only at a comma followed by a known option (<see cref="CommaStringOptions"/>) or another
/// secret key. <see cref="SplitCommaItems"/> applies the same rule, so the Redis adapter parses what is masked here.
/// </summary>
public static partial class DsnRedactor
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "***";

    private static readonly string[] SecretKeyParts =
        ["password", "passwd", "pwd", "secret", "token", "apikey", "accesskey", "credential"];

    private static readonly string[] SecretKeys = ["pass", "key", "sig", "signature"];

    /// <summary>
    /// The option names of StackExchange.Redis configuration strings (and Chronos's own <c>prefix</c>): in a
    /// comma-separated string, a comma followed by one of these (or by a secret key) and '=' starts the next item.
    /// </summary>
    public static readonly IReadOnlySet<string> CommaStringOptions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "abortConnect", "allowAdmin", "asyncTimeout", "channelPrefix", "checkCertificateRevocation", "clientName",
        "configChannel", "configCheckSeconds", "connectRetry", "connectTimeout", "defaultDatabase", "heartbeatInterval",
        "heartbeatConsistencyChecks", "highIntegrity", "highPrioritySocketThreads", "keepAlive", "libraryName", "name",
        "password", "prefix", "protocol", "proxy", "resolveDns", "responseTimeout", "serviceName", "setlib", "ssl",
        "sslHost", "sslProtocols", "syncTimeout", "tiebreaker", "tunnel", "user", "version", "writeBuffer",
    };

    /// <summary>The DSN with every secret replaced by <see cref="Mask"/>; <c>(none)</c> for a null or empty DSN.</summary>
    public static string Redact(string? dsn)
    {
        if (string.IsNullOrEmpty(dsn)) return "(none)";
        var spans = FindSecretSpans(dsn);
        if (spans.Count == 0) return dsn;
        var result = new StringBuilder(dsn.Length);
        var position = 0;
        foreach (var (start, length) in spans)
        {
            result.Append(dsn, position, start - position).Append(Mask);
            position = start + length;
        }
        return result.Append(dsn, position, dsn.Length - position).ToString();
    }

    /// <summary>
    /// <paramref name="value"/> in quotes for an error message, with any DSN-shaped secret in it masked: a value
    /// written under the wrong key (a DSN under <c>migrate:</c>) must not be echoed verbatim.
    /// </summary>
    public static string Quote(string? value) => string.IsNullOrEmpty(value) ? "''" : $"'{Redact(value)}'";

    /// <summary>
    /// Splits a comma-separated configuration string into its items like <see cref="Redact"/> reads it: commas inside
    /// a secret's value (one not followed by a known option or secret key and '=') stay in that item.
    /// </summary>
    public static IReadOnlyList<string> SplitCommaItems(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = new List<string>();
        var start = 0;
        for (var comma = text.IndexOf(',', StringComparison.Ordinal); ; comma = text.IndexOf(',', comma + 1))
        {
            if (comma < 0)
            {
                items.Add(text[start..]);
                return items;
            }
            if (IsSecretItem(text.AsSpan(start, comma - start)) && !StartsItem(text, comma + 1)) continue;
            items.Add(text[start..comma]);
            start = comma + 1;
        }
    }

    /// <summary>
    /// <paramref name="text"/> (for example a driver's error message) with the DSN and each of its secrets, raw or
    /// URL-decoded, replaced.
    /// </summary>
    public static string Scrub(string text, string? dsn)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(dsn)) return text;
        var scrubbed = text.Replace(dsn, Redact(dsn), StringComparison.Ordinal);
        foreach (var secret in FindSecrets(dsn))
        {
            scrubbed = scrubbed.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return scrubbed;
    }

    /// <summary>True when <paramref name="text"/> contains a secret of <paramref name="dsn"/>.</summary>
    public static bool ContainsSecret(string text, string? dsn) =>
        FindSecrets(dsn).Any(secret => text.Contains(secret, StringComparison.Ordinal));

    /// <summary>The secret values in the DSN, raw and URL-decoded, longest first.</summary>
    public static IReadOnlyList<string> FindSecrets(string? dsn)
    {
        if (string.IsNullOrEmpty(dsn)) return [];
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (start, length) in FindSecretSpans(dsn))
        {
            var raw = dsn.Substring(start, length);
            secrets.Add(raw);
            var unquoted = raw.Trim('"', '\'');
            if (unquoted.Length > 0) secrets.Add(unquoted);
            var decoded = Uri.UnescapeDataString(unquoted);
            if (decoded.Length > 0) secrets.Add(decoded);
        }
        return [.. secrets.OrderByDescending(s => s.Length)];
    }

    private static List<(int Start, int Length)> FindSecretSpans(string dsn)
    {
        var spans = new List<(int Start, int Length)>();
        foreach (Match match in UrlUserInfo().Matches(dsn))
        {
            var secret = match.Groups["secret"];
            if (secret.Length > 0) spans.Add((secret.Index, secret.Length));
        }
        foreach (Match match in KeyValue().Matches(dsn))
        {
            var value = match.Groups["value"];
            if (!IsSecretKey(match.Groups["key"].Value)) continue;
            var end = value.Index + value.Length;
            if (value.Length == 0 || dsn[value.Index] is not ('"' or '\''))
            {
                // An unquoted secret runs on over commas that do not start another item (see SplitCommaItems).
                while (end < dsn.Length && dsn[end] == ',' && !StartsItem(dsn, end + 1))
                {
                    end++;
                    while (end < dsn.Length && dsn[end] is not (';' or ',' or '&') && !char.IsWhiteSpace(dsn[end])) end++;
                }
            }
            if (end > value.Index) spans.Add((value.Index, end - value.Index));
        }
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        // Merge overlapping spans so that Redact never re-emits part of a secret.
        var merged = new List<(int Start, int Length)>(spans.Count);
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start <= merged[^1].Start + merged[^1].Length)
            {
                var last = merged[^1];
                var end = Math.Max(last.Start + last.Length, span.Start + span.Length);
                merged[^1] = (last.Start, end - last.Start);
            }
            else
            {
                merged.Add(span);
            }
        }
        return merged;
    }

    // True when the item (key=value) at the start of the span names a secret.
    private static bool IsSecretItem(ReadOnlySpan<char> item)
    {
        var eq = item.IndexOf('=');
        return eq > 0 && IsSecretKey(item[..eq].Trim().ToString());
    }

    // True when text at index starts a new item: a known option or a secret key, then '='.
    private static bool StartsItem(string text, int index)
    {
        var match = ItemStart().Match(text, index);
        return match.Success && match.Index == index &&
            (CommaStringOptions.Contains(match.Groups["key"].Value) || IsSecretKey(match.Groups["key"].Value));
    }

    private static bool IsSecretKey(string key)
    {
        var normalized = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            if (char.IsLetterOrDigit(c)) normalized.Append(char.ToLowerInvariant(c));
        }
        var name = normalized.ToString();
        return SecretKeys.Contains(name) || SecretKeyParts.Any(part => name.Contains(part, StringComparison.Ordinal));
    }

    // user:secret@host; the secret ends at the last '@' before the host (passwords with a raw '@' happen).
    [GeneratedRegex(@"://(?<user>[^:@/\s]*):(?<secret>\S*?)@(?=[^@/\s]*(?:[/?#\s]|$))", RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();

    // key=value after a separator; values may be quoted ("a;b", with "" escapes) as in ADO.NET connection strings.
    [GeneratedRegex(@"(?<=^|[;,&?\s])\s*(?<key>[A-Za-z][\w .-]*?)\s*=\s*(?<value>""(?:[^""]|"""")*""|'(?:[^']|'')*'|[^;,&\s]*)", RegexOptions.CultureInvariant)]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"\G\s*(?<key>[A-Za-z][\w .-]*?)\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex ItemStart();
}
