using Chronos.Storage.Vectors;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chronos.Storage.Providers;

/// <summary>
/// The meaning of <see cref="VectorSearchOptions.MetadataEquals"/>, evaluated in process: the embedded store filters
/// with it, and <see cref="VectorStoreEngine"/> re-checks every backend's results with it so that all agree.
/// </summary>
public static class MetadataFilter
{
    /// <summary>True when <paramref name="metadata"/> has every key of <paramref name="filter"/> with an equal value.</summary>
    public static bool Matches(JsonObject? metadata, IReadOnlyDictionary<string, JsonValue>? filter)
    {
        if (filter is null || filter.Count == 0)
        {
            return true;
        }
        if (metadata is null)
        {
            return false;
        }
        foreach (var (key, expected) in filter)
        {
            if (!metadata.TryGetPropertyValue(key, out var actual) || actual is not JsonValue value || !ScalarEquals(value, expected))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Strings compare ordinally, booleans by value, numbers by value as doubles (2 equals 2.0).</summary>
    public static bool ScalarEquals(JsonValue actual, JsonValue expected)
    {
        var kind = actual.GetValueKind();
        if (kind != expected.GetValueKind())
        {
            return false;
        }
        return kind switch
        {
            JsonValueKind.String => actual.GetValue<string>() == expected.GetValue<string>(),
            JsonValueKind.True or JsonValueKind.False => true,
            JsonValueKind.Number => ToDouble(actual) == ToDouble(expected),
            _ => false,
        };
    }

    /// <summary>A JSON number as a double, whatever CLR type the node was built from.</summary>
    public static double ToDouble(JsonValue number)
    {
        if (number.TryGetValue<double>(out var d)) return d;
        if (number.TryGetValue<long>(out var l)) return l;
        if (number.TryGetValue<int>(out var i)) return i;
        if (number.TryGetValue<float>(out var f)) return f;
        if (number.TryGetValue<decimal>(out var m)) return (double)m;
        if (number.TryGetValue<JsonElement>(out var e)) return e.GetDouble();
        return double.Parse(number.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
