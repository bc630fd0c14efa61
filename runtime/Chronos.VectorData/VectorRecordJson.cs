using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chronos.VectorData;

/// <summary>
/// The one conversion between record values and metadata JSON, used by the generated mappings, the dynamic mapping
/// and the filter translator (so a filter value is encoded exactly like the stored value it is compared with).
/// Strings, booleans and numbers are JSON scalars; <see cref="Guid"/> is its "D" text; <see cref="DateTime"/> and
/// <see cref="DateTimeOffset"/> are round-trip ("O") text; arrays and lists are JSON arrays. No reflection.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class VectorRecordJson
{
    /// <summary>True for the value types a data property may have (and their nullable forms).</summary>
    public static bool IsSupportedScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t == typeof(bool) || t == typeof(int) || t == typeof(long) || t == typeof(short)
            || t == typeof(float) || t == typeof(double) || t == typeof(decimal) || t == typeof(Guid)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset);
    }

    /// <summary>The JSON of a scalar value, an array or a list of scalars (null for null).</summary>
    /// <exception cref="NotSupportedException">Another type.</exception>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        short h => JsonValue.Create(h),
        float f => JsonValue.Create(f),
        double d => JsonValue.Create(d),
        decimal m => JsonValue.Create(m),
        Guid g => JsonValue.Create(g.ToString("D")),
        DateTime t => JsonValue.Create(t.ToString("O", CultureInfo.InvariantCulture)),
        DateTimeOffset o => JsonValue.Create(o.ToString("O", CultureInfo.InvariantCulture)),
        System.Collections.IEnumerable items => ToArray(items),
        _ => throw new NotSupportedException($"Values of type {value.GetType()} cannot be stored in vector record metadata."),
    };

    /// <summary>The JSON of a scalar value (null for null).</summary>
    public static JsonNode? ToNode<T>(T value) => ToNode((object?)value);

    private static JsonArray ToArray(System.Collections.IEnumerable items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(ToNode(item));
        }
        return array;
    }

    /// <summary>The value stored under <paramref name="key"/> as <typeparamref name="T"/> (default when missing or null).</summary>
    /// <exception cref="FormatException">The stored JSON does not hold a <typeparamref name="T"/>.</exception>
    public static T? Read<T>(JsonObject? metadata, string key)
    {
        if (metadata is null || !metadata.TryGetPropertyValue(key, out var node) || node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            return default;
        }
        return (T?)FromNode(node, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), key);
    }

    /// <summary>The array stored under <paramref name="key"/> (null when missing).</summary>
    public static T[]? ReadArray<T>(JsonObject? metadata, string key)
    {
        if (metadata is null || !metadata.TryGetPropertyValue(key, out var node) || node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            return null;
        }
        if (node is not JsonArray array)
        {
            throw new FormatException($"Stored metadata '{key}' is {node.GetValueKind()}, not an array.");
        }
        var items = new T[array.Count];
        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = array[i] is { } item && item.GetValueKind() != JsonValueKind.Null ? (T)FromNode(item, type, key)! : default!;
        }
        return items;
    }

    /// <summary>The list stored under <paramref name="key"/> (null when missing).</summary>
    public static List<T>? ReadList<T>(JsonObject? metadata, string key) => ReadArray<T>(metadata, key) is { } items ? [.. items] : null;

    /// <summary>The stored value of a dynamic record's property of type <paramref name="type"/> (null when missing).</summary>
    public static object? Read(JsonObject? metadata, string key, Type type)
    {
        if (metadata is null || !metadata.TryGetPropertyValue(key, out var node) || node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            return null;
        }
        if (node is JsonArray array)
        {
            var items = new List<object?>(array.Count);
            var element = ElementType(type) ?? typeof(string);
            foreach (var item in array)
            {
                items.Add(item is null || item.GetValueKind() == JsonValueKind.Null ? null : FromNode(item, Nullable.GetUnderlyingType(element) ?? element, key));
            }
            return ToTyped(items, type, element);
        }
        return FromNode(node, Nullable.GetUnderlyingType(type) ?? type, key);
    }

    /// <summary>The element type when <paramref name="type"/> is an array or a generic list/enumerable of one, else null.</summary>
    public static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }
        return type.IsGenericType && type.GenericTypeArguments.Length == 1 && type != typeof(string) && Nullable.GetUnderlyingType(type) is null
            ? type.GenericTypeArguments[0]
            : null;
    }

    // Only the element types a data property may have: each branch builds its own concrete array or list (no MakeGenericType).
    private static object ToTyped(List<object?> items, Type type, Type element)
    {
        var asList = !type.IsArray;
        if (element == typeof(string)) return Build<string?>(items, asList);
        if (element == typeof(int)) return Build<int>(items, asList);
        if (element == typeof(long)) return Build<long>(items, asList);
        if (element == typeof(double)) return Build<double>(items, asList);
        if (element == typeof(float)) return Build<float>(items, asList);
        if (element == typeof(bool)) return Build<bool>(items, asList);
        if (element == typeof(Guid)) return Build<Guid>(items, asList);
        return items;

        static object Build<T>(List<object?> items, bool asList)
        {
            var typed = items.Select(static item => item is null ? default! : (T)item).ToArray();
            return asList ? typed.ToList() : typed;
        }
    }

    private static object? FromNode(JsonNode node, Type type, string key)
    {
        try
        {
            if (node is not JsonValue value)
            {
                throw new FormatException($"is {node.GetValueKind()}");
            }
            if (type == typeof(string)) return value.GetValue<string>();
            if (type == typeof(bool)) return value.GetValue<bool>();
            if (type == typeof(Guid)) return Guid.Parse(value.GetValue<string>());
            if (type == typeof(DateTimeOffset)) return DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            if (type == typeof(DateTime)) return DateTime.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            var number = value.TryGetValue<JsonElement>(out var element) ? element : JsonDocument.Parse(value.ToJsonString()).RootElement;
            if (type == typeof(int)) return number.GetInt32();
            if (type == typeof(long)) return number.GetInt64();
            if (type == typeof(short)) return number.GetInt16();
            if (type == typeof(float)) return number.GetSingle();
            if (type == typeof(double)) return number.GetDouble();
            if (type == typeof(decimal)) return number.GetDecimal();
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException)
        {
            throw new FormatException($"Stored metadata '{key}' ({node.ToJsonString()}) cannot be read as {type.Name}: {e.Message}", e);
        }
        throw new NotSupportedException($"Metadata '{key}': type {type} is not supported in vector records.");
    }

    /// <summary>The embedding id of a key (string as is; Guid "D"; integers invariant).</summary>
    public static string KeyToId(object key) => key switch
    {
        string s => s,
        Guid g => g.ToString("D"),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"Keys of type {key.GetType()} are not supported: use string, Guid, int or long."),
    };

    /// <summary>A key of type <paramref name="keyType"/> from an embedding id.</summary>
    public static object IdToKey(string id, Type keyType) =>
        keyType == typeof(Guid) ? Guid.Parse(id)
        : keyType == typeof(int) ? int.Parse(id, CultureInfo.InvariantCulture)
        : keyType == typeof(long) ? long.Parse(id, CultureInfo.InvariantCulture)
        : id;

    /// <summary>True for the key types the mapping supports.</summary>
    public static bool IsSupportedKey(Type type) => type == typeof(string) || type == typeof(Guid) || type == typeof(int) || type == typeof(long);
}
