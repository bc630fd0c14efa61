using System.Security.Cryptography;
using System.Text;

namespace Chronos.Agents;

/// <summary>
/// Deterministic Chronos ids derived from MAF identities. The same inputs always give the same id, so a retried
/// write lands on the record the first attempt wrote (the ledger's idempotent append, the session's unique id)
/// instead of a duplicate. Hashing keeps ids short and free of characters a backend might refuse, whatever the
/// caller's message ids, session ids or partition values contain (every backend takes 255 ASCII characters).
/// </summary>
internal static class ChronosAgentIds
{
    /// <summary><paramref name="kind"/> + '-' + SHA-256 (hex) of the parts, each length-prefixed so no two part lists collide.</summary>
    public static string Derive(string kind, params ReadOnlySpan<string> parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part.Length).Append(':').Append(part).Append('|');
        }
        return kind + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
