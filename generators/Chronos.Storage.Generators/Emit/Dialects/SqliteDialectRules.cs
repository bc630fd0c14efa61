using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Emit.Dialects;

/// <summary>
/// SQLite 3.35+: instants as INTEGER microseconds since the Unix epoch (exact, ordered, compact), JSON as TEXT. ADD and
/// DROP COLUMN take no IF [NOT] EXISTS: the migration transaction (DDL is transactional here) makes a retry safe.
/// </summary>
internal sealed class SqliteDialectRules : SqlDialectRules
{
    /// <inheritdoc />
    public override string Name => "sqlite";

    /// <inheritdoc />
    public override bool ChecksColumnExistence => false;

    /// <inheritdoc />
    public override string ColumnType(StorageKind kind, bool indexed) => kind switch
    {
        StorageKind.String => "TEXT",
        StorageKind.Int32 or StorageKind.Int64 or StorageKind.Boolean or StorageKind.DateTime => "INTEGER",
        StorageKind.Double => "REAL",
        _ => "TEXT",
    };

    /// <inheritdoc />
    public override string Literal(StorageKind kind, string json) => kind switch
    {
        StorageKind.Boolean => json == "true" ? "1" : "0",
        StorageKind.DateTime => SqlLiterals.UnixMicroseconds(json),
        StorageKind.String => SqlLiterals.Text(Parsing.MigrationDefaults.Unquote(json)),
        StorageKind.Json => SqlLiterals.Text(json),
        _ => SqlLiterals.Number(json),
    };
}
