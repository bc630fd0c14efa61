using Chronos.Storage.Schema;

namespace Chronos.Storage;

/// <summary>A typed value compared against one field of an index, without boxing.</summary>
public readonly struct IndexValue : IEquatable<IndexValue>
{
    private readonly string? _string;
    private readonly long _int64;
    private readonly double _double;

    private IndexValue(FieldKind kind, string? s, long i, double d)
    {
        Kind = kind;
        _string = s;
        _int64 = i;
        _double = d;
    }

    /// <summary>The field kind this value is for.</summary>
    public FieldKind Kind { get; }

    /// <summary>The string value.</summary>
    public string AsString => _string ?? throw new InvalidOperationException($"Index value is {Kind}, not String.");

    /// <summary>The integer value (Int32, Int64, Boolean as 0/1).</summary>
    public long AsInt64 => _int64;

    /// <summary>The double value.</summary>
    public double AsDouble => _double;

    /// <summary>The instant (UTC, microseconds).</summary>
    public DateTime AsDateTime => StorageTime.FromUnixMicroseconds(_int64);

    /// <summary>The instant as Unix microseconds.</summary>
    public long AsUnixMicroseconds => _int64;

    /// <summary>A string value.</summary>
    public static IndexValue Of(string value) => new(FieldKind.String, value ?? throw new ArgumentNullException(nameof(value)), 0, 0);

    /// <summary>A 64-bit value.</summary>
    public static IndexValue Of(long value) => new(FieldKind.Int64, null, value, 0);

    /// <summary>A 32-bit value.</summary>
    public static IndexValue Of(int value) => new(FieldKind.Int32, null, value, 0);

    /// <summary>A double value.</summary>
    public static IndexValue Of(double value) => new(FieldKind.Double, null, 0, value);

    /// <summary>A boolean value.</summary>
    public static IndexValue Of(bool value) => new(FieldKind.Boolean, null, value ? 1 : 0, 0);

    /// <summary>An instant.</summary>
    public static IndexValue Of(DateTime value) => new(FieldKind.DateTime, null, StorageTime.ToUnixMicroseconds(value), 0);

    /// <summary>Converts a string.</summary>
    public static implicit operator IndexValue(string value) => Of(value);

    /// <summary>Converts a long.</summary>
    public static implicit operator IndexValue(long value) => Of(value);

    /// <summary>Converts an instant.</summary>
    public static implicit operator IndexValue(DateTime value) => Of(value);

    /// <summary>The value as a boxed CLR object (for ADO.NET parameters).</summary>
    public object ToObject() => Kind switch
    {
        FieldKind.String => AsString,
        FieldKind.Int32 => (int)_int64,
        FieldKind.Int64 => _int64,
        FieldKind.Boolean => _int64 != 0,
        FieldKind.Double => _double,
        FieldKind.DateTime => AsDateTime,
        _ => throw new InvalidOperationException($"Index values of kind {Kind} are not supported."),
    };

    /// <inheritdoc />
    public bool Equals(IndexValue other) =>
        Kind == other.Kind && _string == other._string && _int64 == other._int64 && _double.Equals(other._double);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IndexValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, _string, _int64, _double);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        FieldKind.String => _string!,
        FieldKind.Double => _double.ToString(System.Globalization.CultureInfo.InvariantCulture),
        FieldKind.DateTime => AsDateTime.ToString("O"),
        _ => _int64.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
