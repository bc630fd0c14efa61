using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Chronos.Storage.Schema;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

/// <summary>
/// Visits a record into hash values, formatted once here for every write path, in one of two shapes:
/// <list type="bullet">
/// <item><see cref="ByOrdinal"/>: the hash value per field ordinal (null fields as <see cref="RedisValue.Null"/>) plus
/// each field's typed value for key and index-member building, so one visit serves both.</item>
/// <item><see cref="IntoScriptArguments"/>: <c>field, value</c> pairs appended straight into a script's ARGV array,
/// null fields and one field the script assigns left out (the ledger append: no per-field array in between).</item>
/// </list>
/// </summary>
internal struct RedisRecordWriter : IFieldWriter
{
    /// <summary>The instant format of hash values: ISO 8601 UTC with microseconds, like the JSON export.</summary>
    public const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private readonly ImmutableArray<string> _pairNames; // default in by-ordinal shape
    private readonly int _skippedOrdinal;
    private int _next;

    private RedisRecordWriter(RedisValue[] values, IndexValue[]? typed, ImmutableArray<string> pairNames, int skippedOrdinal, int next)
    {
        Values = values;
        Typed = typed;
        _pairNames = pairNames;
        _skippedOrdinal = skippedOrdinal;
        _next = next;
    }

    /// <summary>Hash value and typed value per field ordinal.</summary>
    /// <param name="fieldCount">The entity's field count.</param>
    public static RedisRecordWriter ByOrdinal(int fieldCount) =>
        new(new RedisValue[fieldCount], new IndexValue[fieldCount], default, -1, 0);

    /// <summary>
    /// <c>field, value</c> pairs written into <paramref name="arguments"/> from <paramref name="offset"/> on, in field
    /// order, skipping null fields and <paramref name="skippedOrdinal"/>.
    /// </summary>
    /// <param name="arguments">Room for every non-skipped field's pair after <paramref name="offset"/>.</param>
    /// <param name="offset">Where the first pair goes.</param>
    /// <param name="hashFields">Hash field name per ordinal.</param>
    /// <param name="skippedOrdinal">A field the caller writes itself.</param>
    public static RedisRecordWriter IntoScriptArguments(RedisValue[] arguments, int offset, ImmutableArray<string> hashFields, int skippedOrdinal) =>
        new(arguments, null, hashFields, skippedOrdinal, offset);

    /// <summary>By ordinal: hash value per ordinal. Into script arguments: the arguments array.</summary>
    public RedisValue[] Values { get; }

    /// <summary>Typed value per ordinal (default for null and JSON fields); null in the script-arguments shape.</summary>
    public IndexValue[]? Typed { get; }

    /// <summary>Where the next pair would go (script-arguments shape): the end of what was written.</summary>
    public readonly int End => _next;

    public void WriteNull(int ordinal)
    {
        if (_pairNames.IsDefault) Values[ordinal] = RedisValue.Null;
    }

    public void WriteString(int ordinal, string value) => Put(ordinal, value, IndexValue.Of(value));

    public void WriteInt32(int ordinal, int value) => Put(ordinal, value, IndexValue.Of(value));

    public void WriteInt64(int ordinal, long value) => Put(ordinal, value, IndexValue.Of(value));

    public void WriteDouble(int ordinal, double value) =>
        Put(ordinal, value.ToString("R", CultureInfo.InvariantCulture), IndexValue.Of(value));

    public void WriteBoolean(int ordinal, bool value) => Put(ordinal, value ? 1 : 0, IndexValue.Of(value));

    public void WriteDateTime(int ordinal, DateTime value) =>
        Put(ordinal, value.ToString(InstantFormat, CultureInfo.InvariantCulture), IndexValue.Of(value));

    // JSON is not indexable: no typed value.
    public void WriteJson(int ordinal, JsonNode value) => Put(ordinal, value.ToJsonString(), default);

    private void Put(int ordinal, RedisValue value, IndexValue typed)
    {
        if (_pairNames.IsDefault)
        {
            Values[ordinal] = value;
            Typed![ordinal] = typed;
        }
        else if (ordinal != _skippedOrdinal)
        {
            Values[_next++] = _pairNames[ordinal];
            Values[_next++] = value;
        }
    }
}
