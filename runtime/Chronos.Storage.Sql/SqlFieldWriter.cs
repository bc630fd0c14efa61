using System.Data.Common;
using System.Text.Json.Nodes;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>
/// Binds the generated visitor's fields to a prepared command's parameters by position: on the generated
/// whole-record statements parameter <c>i</c> is field <c>i</c>. Only instants and JSON go through the dialect.
/// </summary>
/// <typeparam name="TDialect">The backend's value conversions.</typeparam>
public readonly struct SqlFieldWriter<TDialect> : IFieldWriter where TDialect : struct, ISqlDialectMapping
{
    private readonly DbParameterCollection _parameters;
    private readonly int _offset;

    /// <summary>Writes field <c>i</c> to parameter <c>offset + i</c>.</summary>
    public SqlFieldWriter(DbParameterCollection parameters, int offset = 0)
    {
        _parameters = parameters;
        _offset = offset;
    }

    /// <inheritdoc />
    public void WriteNull(int ordinal) => _parameters[_offset + ordinal].Value = DBNull.Value;
    /// <inheritdoc />
    public void WriteString(int ordinal, string value) => _parameters[_offset + ordinal].Value = value;
    /// <inheritdoc />
    public void WriteInt32(int ordinal, int value) => _parameters[_offset + ordinal].Value = value;
    /// <inheritdoc />
    public void WriteInt64(int ordinal, long value) => _parameters[_offset + ordinal].Value = value;
    /// <inheritdoc />
    public void WriteDouble(int ordinal, double value) => _parameters[_offset + ordinal].Value = value;
    /// <inheritdoc />
    public void WriteBoolean(int ordinal, bool value) => _parameters[_offset + ordinal].Value = value;
    /// <inheritdoc />
    public void WriteDateTime(int ordinal, DateTime value) => TDialect.SetDateTime(_parameters[_offset + ordinal], value);
    /// <inheritdoc />
    public void WriteJson(int ordinal, JsonNode value) => TDialect.SetJson(_parameters[_offset + ordinal], value);

    /// <summary>Binds an index value (match, after) of whatever kind it carries.</summary>
    public void WriteIndexValue(int position, IndexValue value)
    {
        switch (value.Kind)
        {
            case FieldKind.String: WriteString(position, value.AsString); break;
            case FieldKind.Int32: WriteInt32(position, (int)value.AsInt64); break;
            case FieldKind.Int64: WriteInt64(position, value.AsInt64); break;
            case FieldKind.Boolean: WriteBoolean(position, value.AsInt64 != 0); break;
            case FieldKind.Double: WriteDouble(position, value.AsDouble); break;
            case FieldKind.DateTime: WriteDateTime(position, value.AsDateTime); break;
            default: throw new StorageArgumentException("query", null, null, $"index values of kind {value.Kind} are not supported.");
        }
    }
}
