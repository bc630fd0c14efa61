using Chronos.Storage.Validation;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chronos.Storage.Providers;

/// <summary>
/// The JSON rules of <see cref="StorageLimits"/>, checked by an iterative walk (an explicit stack, never recursion),
/// so that no input, however deep, can overflow the call stack: depth at most <see cref="StorageLimits.MaxJsonDepth"/>,
/// strings and property names as <see cref="StorageText"/> requires, numbers finite.
/// </summary>
public static class JsonLimits
{
    /// <summary>The reader options every backend parses stored JSON with with <see cref="StorageLimits.MaxJsonDepth"/>.</summary>
    public static JsonDocumentOptions DocumentOptions => StorageLimits.StoredJsonReaderOptions;

    /// <summary>Parses stored JSON text with <see cref="StorageLimits.MaxJsonDepth"/>.</summary>
    /// <exception cref="JsonException">The text is not JSON or nests deeper than the limit.</exception>
    public static JsonNode? Parse(string text) => Node(JsonElement.Parse(text, DocumentOptions));

    /// <summary>Parses stored UTF-8 JSON with <see cref="StorageLimits.MaxJsonDepth"/>.</summary>
    /// <exception cref="JsonException">The text is not JSON or nests deeper than the limit.</exception>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8) => Node(JsonElement.Parse(utf8, DocumentOptions));

    /// <summary>
    /// The node <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> would give, built from the
    /// parsed element so that whether an object is the compressed-JSON wrapper is decided here, on the element, without
    /// materializing the object's properties (a read that never touches them would otherwise pay for that).
    /// </summary>
    private static JsonNode? Node(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var value = JsonObject.Create(element)!;
                if (!Json.CompressedJson.IsWrapper(element)) Json.CompressedJson.RememberParsedPlain(value);
                return value;
            case JsonValueKind.Array:
                return JsonArray.Create(element);
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element);
        }
    }

    /// <summary>What is wrong with <paramref name="root"/> (a JSON path and the problem), or null when it may be stored.</summary>
    public static string? FindProblem(JsonNode root)
    {
        var stack = new PooledStack<(JsonNode Node, int Depth)>(InitialStackSize);
        try
        {
            return FindProblem(root, ref stack);
        }
        finally
        {
            stack.Release();
        }
    }

    // Enough for a typical record's JSON without growing; the pool keeps the array between writes.
    private const int InitialStackSize = 16;

    private static string? FindProblem(JsonNode root, ref PooledStack<(JsonNode Node, int Depth)> stack)
    {
        stack.Push((root, Depth(root, 0)));
        while (!stack.IsEmpty)
        {
            var (node, depth) = stack.Pop();
            if (depth > StorageLimits.MaxJsonDepth)
            {
                return $"JSON at {PathOf(node)} nests deeper than {StorageLimits.MaxJsonDepth} levels of objects and arrays (StorageLimits.MaxJsonDepth).";
            }
            switch (node)
            {
                // By index, not foreach: JsonObject and JsonArray enumerate through a boxed enumerator.
                case JsonObject obj:
                    for (var i = 0; i < obj.Count; i++)
                    {
                        var (name, child) = obj.GetAt(i);
                        var bad = StorageText.IndexOfInvalid(name);
                        if (bad >= 0) return $"JSON property name at {PathOf(node)} {StorageText.Describe(name, bad)}";
                        if (child is not null) stack.Push((child, Depth(child, depth)));
                    }
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        var child = array[i];
                        if (child is not null) stack.Push((child, Depth(child, depth)));
                    }
                    break;
                case JsonValue value:
                    if (FindValueProblem(value, depth) is { } problem) return $"JSON at {PathOf(node)}: {problem}";
                    break;
            }
        }
        return null;
    }

    /// <summary>The depth of <paramref name="node"/> under a parent at <paramref name="parentDepth"/>: containers count one level.</summary>
    private static int Depth(JsonNode node, int parentDepth) => node is JsonObject or JsonArray ? parentDepth + 1 : parentDepth;

    private static string? FindValueProblem(JsonValue value, int depth)
    {
        if (value.TryGetValue<double>(out var d)) return double.IsFinite(d) ? null : $"{d} is not a JSON number (JSON has no NaN or Infinity).";
        if (value.TryGetValue<float>(out var f)) return float.IsFinite(f) ? null : $"{f} is not a JSON number (JSON has no NaN or Infinity).";
        if (value.TryGetValue<string>(out var text))
        {
            var bad = StorageText.IndexOfInvalid(text);
            return bad < 0 ? null : "the string " + StorageText.Describe(text, bad);
        }
        if (value.TryGetValue<char>(out var c))
        {
            return c == '\0' || char.IsSurrogate(c) ? "the string " + StorageText.Describe(c.ToString(), 0) : null;
        }
        // A JsonValue can wrap a parsed JsonElement holding a whole object or array: walk that too.
        return value.TryGetValue<JsonElement>(out var element) && element.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            ? FindElementProblem(element, depth)
            : null;
    }

    private static string? FindElementProblem(JsonElement root, int parentDepth)
    {
        var stack = new PooledStack<(JsonElement Element, int Depth)>(InitialStackSize);
        try
        {
            return FindElementProblem(root, parentDepth, ref stack);
        }
        finally
        {
            stack.Release();
        }
    }

    private static string? FindElementProblem(JsonElement root, int parentDepth, ref PooledStack<(JsonElement Element, int Depth)> stack)
    {
        stack.Push((root, parentDepth + 1));
        while (!stack.IsEmpty)
        {
            var (element, depth) = stack.Pop();
            switch (element.ValueKind)
            {
                case JsonValueKind.Object or JsonValueKind.Array when depth > StorageLimits.MaxJsonDepth:
                    return $"nests deeper than {StorageLimits.MaxJsonDepth} levels of objects and arrays (StorageLimits.MaxJsonDepth).";
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        var bad = StorageText.IndexOfInvalid(property.Name);
                        if (bad >= 0) return "a property name " + StorageText.Describe(property.Name, bad);
                        stack.Push((property.Value, depth + 1));
                    }
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray()) stack.Push((item, depth + 1));
                    break;
                case JsonValueKind.String:
                    var text = element.GetString()!;
                    var at = StorageText.IndexOfInvalid(text);
                    if (at >= 0) return "a string " + StorageText.Describe(text, at);
                    break;
            }
        }
        return null;
    }

    /// <summary>The node's JSON path, shortened and with hostile characters escaped, for a message.</summary>
    private static string PathOf(JsonNode node) => StorageArgumentException.Printable(node.GetPath());
}
