using System.Collections.Immutable;
using System.Text;

namespace Chronos.Storage.Redis;

/// <summary>
/// An entity's hash field names as UTF-8, matched against the names HGETALL returns as bytes, so reading a record
/// turns no field name into a string (a list of 1,000 events would otherwise allocate 7,000 of them).
/// </summary>
internal sealed class RedisHashFieldNames
{
    private readonly byte[][] _names;

    /// <param name="hashFields">Hash field name per field ordinal.</param>
    public RedisHashFieldNames(ImmutableArray<string> hashFields) =>
        _names = [.. hashFields.Select(Encoding.UTF8.GetBytes)];

    /// <summary>The ordinal of the field called <paramref name="name"/>, or -1 when it is not a field (an index entry).</summary>
    /// <param name="name">A hash field name as stored.</param>
    /// <param name="hint">Where to look first: a hash keeps the order its fields were written in, which is field order
    /// for every record this adapter writes, so the next name is usually the one after the last match.</param>
    public int OrdinalOf(ReadOnlySpan<byte> name, int hint)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            var ordinal = (hint + i) % _names.Length;
            if (name.SequenceEqual(_names[ordinal])) return ordinal;
        }
        return -1;
    }
}
