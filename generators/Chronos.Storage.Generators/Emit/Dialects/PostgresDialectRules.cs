using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Emit.Dialects;

/// <summary>PostgreSQL 13+: instants as timestamptz (microseconds), JSON as jsonb, ADD/DROP COLUMN IF [NOT] EXISTS.</summary>
internal sealed class PostgresDialectRules : SqlDialectRules
{
    /// <inheritdoc />
    public override string Name => "postgres";

    /// <inheritdoc />
    public override bool ChecksColumnExistence => true;

    /// <inheritdoc />
    public override string ColumnType(StorageKind kind, bool indexed) => kind switch
    {
        StorageKind.String => "text",
        StorageKind.Int32 => "integer",
        StorageKind.Int64 => "bigint",
        StorageKind.Double => "double precision",
        StorageKind.Boolean => "boolean",
        StorageKind.DateTime => "timestamptz",
        _ => "jsonb",
    };

    /// <inheritdoc />
    public override string Literal(StorageKind kind, string json) => kind switch
    {
        StorageKind.Boolean => json == "true" ? "TRUE" : "FALSE",
        StorageKind.DateTime => SqlLiterals.Text(Parsing.MigrationDefaults.Unquote(json)) + "::timestamptz",
        StorageKind.String => SqlLiterals.Text(Parsing.MigrationDefaults.Unquote(json)),
        StorageKind.Json => SqlLiterals.Text(json) + "::jsonb",
        _ => SqlLiterals.Number(json),
    };
}
