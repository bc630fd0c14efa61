using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Chronos.Cli.Inspector;

/// <summary>One difference between two JSON documents: where (a JSONPath-like path), what kind, and both values.</summary>
/// <param name="Path"><c>$</c> for the root, then <c>.name</c>, <c>["odd name"]</c> or <c>[index]</c> per step.</param>
/// <param name="Kind"><see cref="JsonDiff.Changed"/>, <see cref="JsonDiff.Added"/> or <see cref="JsonDiff.Removed"/>.</param>
/// <param name="Before">The value in the first document (null when added).</param>
/// <param name="After">The value in the second document (null when removed).</param>
internal sealed record JsonDiffEntry(string Path, string Kind, JsonNode? Before, JsonNode? After);

/// <summary>
/// The keys that differ between two JSON documents (checkpoint states): objects are compared key by key and arrays
/// index by index, recursively, so a change deep inside is reported at its own path rather than as a changed parent.
/// </summary>
internal static partial class JsonDiff
{
    public const string Changed = "changed";
    public const string Added = "added";
    public const string Removed = "removed";

    public static List<JsonDiffEntry> Compare(JsonNode? before, JsonNode? after)
    {
        var entries = new List<JsonDiffEntry>();
        Walk("$", before, after, entries);
        return entries;
    }

    private static void Walk(string path, JsonNode? before, JsonNode? after, List<JsonDiffEntry> entries)
    {
        switch (before, after)
        {
            case (JsonObject a, JsonObject b):
                foreach (var (key, value) in a)
                {
                    var child = path + Step(key);
                    if (b.TryGetPropertyValue(key, out var other)) Walk(child, value, other, entries);
                    else entries.Add(new(child, Removed, value?.DeepClone(), null));
                }
                foreach (var (key, value) in b)
                {
                    if (!a.ContainsKey(key)) entries.Add(new(path + Step(key), Added, null, value?.DeepClone()));
                }
                break;
            case (JsonArray a, JsonArray b):
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    var child = $"{path}[{i}]";
                    if (i >= b.Count) entries.Add(new(child, Removed, a[i]?.DeepClone(), null));
                    else if (i >= a.Count) entries.Add(new(child, Added, null, b[i]?.DeepClone()));
                    else Walk(child, a[i], b[i], entries);
                }
                break;
            default:
                if (!JsonNode.DeepEquals(before, after)) entries.Add(new(path, Changed, before?.DeepClone(), after?.DeepClone()));
                break;
        }
    }

    /// <summary><c>.name</c> for identifier-like keys, else a quoted, escaped <c>["key"]</c> (keys are stored data).</summary>
    private static string Step(string key) =>
        Identifier().IsMatch(key) ? "." + key : "[" + JsonValue.Create(key).ToJsonString() + "]";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
