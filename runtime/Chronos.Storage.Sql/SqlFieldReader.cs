using System.Data.Common;
using System.Text.Json.Nodes;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>
/// Reads the generated visitor's fields from the current row with typed getters by ordinal: the generated selects
/// return every field in ordinal order, so column <c>i</c> is field <c>i</c>.
/// </summary>
/// <remarks>
/// The generated reader asks <see cref="IsNull"/> before every field. A non-nullable field is a NOT NULL column
/// (generated DDL, and migrations add such columns with a DEFAULT), so it is answered from the schema instead of
/// asking the driver: on SQLite that saves a native call per column per row.
/// </remarks>
/// <typeparam name="TDialect">The backend's value conversions.</typeparam>
public readonly struct SqlFieldReader<TDialect> : IFieldReader where TDialect : struct, ISqlDialectMapping
{
    private readonly DbDataReader _reader;
    private readonly bool[] _nullable;

    /// <summary>Reads from the current row of <paramref name="reader"/>; <paramref name="nullable"/>[i] says whether field i may be NULL.</summary>
    public SqlFieldReader(DbDataReader reader, bool[] nullable)
    {
        _reader = reader;
        _nullable = nullable;
    }

    /// <inheritdoc />
    public bool IsNull(int ordinal) => _nullable[ordinal] && _reader.IsDBNull(ordinal);
    /// <inheritdoc />
    public string ReadString(int ordinal) => _reader.GetString(ordinal);
    /// <inheritdoc />
    public int ReadInt32(int ordinal) => _reader.GetInt32(ordinal);
    /// <inheritdoc />
    public long ReadInt64(int ordinal) => _reader.GetInt64(ordinal);
    /// <inheritdoc />
    public double ReadDouble(int ordinal) => _reader.GetDouble(ordinal);
    /// <inheritdoc />
    public bool ReadBoolean(int ordinal) => _reader.GetBoolean(ordinal);
    /// <inheritdoc />
    public DateTime ReadDateTime(int ordinal) => TDialect.GetDateTime(_reader, ordinal);
    /// <inheritdoc />
    public JsonNode ReadJson(int ordinal) => TDialect.GetJson(_reader, ordinal);
}
