using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Emit;

/// <summary>What differs between SQL dialects; everything else in <see cref="SqlEmitter"/> is shared.</summary>
internal sealed class SqlDialectRules
{
    private SqlDialectRules(string name, System.Func<StorageKind, string> columnType, System.Func<StorageKind, string, string> literal, bool checksColumnExistence)
    {
        Name = name;
        ColumnType = columnType;
        Literal = literal;
        ChecksColumnExistence = checksColumnExistence;
    }

    /// <summary>A column default: the SQL literal of a field value given as JSON text (never JSON null).</summary>
    public System.Func<StorageKind, string, string> Literal { get; }

    /// <summary>Whether ADD/DROP COLUMN accept IF [NOT] EXISTS (PostgreSQL yes; SQLite no, its migration transaction makes a retry safe instead).</summary>
    public bool ChecksColumnExistence { get; }

    /// <summary>The runtime's SqlDialect member name.</summary>
    public string Name { get; }

    /// <summary>The column type of a storage kind.</summary>
    public System.Func<StorageKind, string> ColumnType { get; }

    /// <summary>
    /// SQLite: instants as INTEGER microseconds since the Unix epoch (exact, ordered, compact), JSON as TEXT.
    /// </summary>
    public static readonly SqlDialectRules Sqlite = new("Sqlite", kind => kind switch
    {
        StorageKind.String => "TEXT",
        StorageKind.Int32 or StorageKind.Int64 or StorageKind.Boolean or StorageKind.DateTime => "INTEGER",
        StorageKind.Double => "REAL",
        _ => "TEXT",
    }, (kind, json) => kind switch
    {
        StorageKind.Boolean => json == "true" ? "1" : "0",
        StorageKind.DateTime => SqlLiterals.UnixMicroseconds(json),
        StorageKind.String => SqlLiterals.Text(Parsing.MigrationDefaults.Unquote(json)),
        StorageKind.Json => SqlLiterals.Text(json),
        _ => SqlLiterals.Number(json),
    }, checksColumnExistence: false);

    /// <summary>PostgreSQL: instants as timestamptz (microseconds), JSON as jsonb.</summary>
    public static readonly SqlDialectRules Postgres = new("Postgres", kind => kind switch
    {
        StorageKind.String => "text",
        StorageKind.Int32 => "integer",
        StorageKind.Int64 => "bigint",
        StorageKind.Double => "double precision",
        StorageKind.Boolean => "boolean",
        StorageKind.DateTime => "timestamptz",
        _ => "jsonb",
    }, (kind, json) => kind switch
    {
        StorageKind.Boolean => json == "true" ? "TRUE" : "FALSE",
        StorageKind.DateTime => SqlLiterals.Text(Parsing.MigrationDefaults.Unquote(json)) + "::timestamptz",
        StorageKind.String => SqlLiterals.Text(Parsing.MigrationDefaults.Unquote(json)),
        StorageKind.Json => SqlLiterals.Text(json) + "::jsonb",
        _ => SqlLiterals.Number(json),
    }, checksColumnExistence: true);

    /// <summary>Identifiers are always quoted: storage names such as <c>key</c>, <c>type</c> or <c>user</c> are keywords somewhere.</summary>
    public static string Quote(string identifier) => "\"" + identifier + "\"";
}
