using System.Collections.Generic;
using System.Linq;
using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Emit.Dialects;

/// <summary>
/// PostgreSQL 13+: instants as timestamptz (microseconds), JSON as jsonb, ADD/DROP COLUMN IF [NOT] EXISTS.
/// Indexed text (the key and every indexed field) is <c>COLLATE "C"</c>: ORDER BY and the index then follow code points
/// whatever the database's default collation, the order the engine's keyset pages compare sort keys in
/// (<c>CodePointOrder</c>), as SQLite (BINARY) and MariaDB (utf8mb4_bin) do. Under a linguistic default (en_US.UTF-8,
/// ICU) a page boundary inside records with equal timestamps would otherwise repeat or skip records. C comparisons are
/// byte comparisons, cheaper than a linguistic collation's.
/// </summary>
internal sealed class PostgresDialectRules : SqlDialectRules
{
    /// <summary>Text ordered and compared by code points (UTF-8 bytes), independent of the database's default collation.</summary>
    public const string CodePointText = "text COLLATE \"C\"";

    /// <inheritdoc />
    public override string Name => "postgres";

    /// <inheritdoc />
    /// <remarks>ALTER COLUMN ... TYPE keeps NOT NULL and rebuilds the column's indexes in the new collation.</remarks>
    public override string? RetypeForIndex(string table, string column, string indexedType, bool nullable) =>
        $"ALTER TABLE {table} ALTER COLUMN {column} TYPE {indexedType}";

    /// <inheritdoc />
    /// <remarks>
    /// Tables created before indexed text was <c>COLLATE "C"</c> keep the database default on those columns, and on a
    /// linguistic default their keyset pages skip or repeat ties. One <c>DO</c> block (so the check and the retype run
    /// server-side in the migration transaction, under its lock) retypes each listed text column whose collation is not
    /// "C" (<c>pg_attribute.attcollation</c>; the database default reads as <c>default</c>); PostgreSQL rebuilds the
    /// column's indexes. A column already "C" is left alone, so the statement is a catalog read once a store is current.
    /// </remarks>
    public override string? ConformIndexedColumns(string table, IReadOnlyList<string> columns) =>
        $"DO $chronos$ DECLARE c name; BEGIN FOR c IN {IndexedColumnsNotConforming(table, columns)} " +
        $"LOOP EXECUTE format({SqlLiterals.Text($"ALTER TABLE {Quote(table)} ALTER COLUMN %I TYPE {CodePointText}")}, c); END LOOP; END $chronos$";

    /// <inheritdoc />
    /// <remarks>The listed text columns whose collation is not "C", in column order: the very query the conform block loops over.</remarks>
    public override string? IndexedColumnsNotConforming(string table, IReadOnlyList<string> columns) =>
        "SELECT a.attname FROM pg_attribute a JOIN pg_collation co ON co.oid = a.attcollation " +
        $"WHERE a.attrelid = to_regclass({SqlLiterals.Text(Quote(table))}) AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid = 'text'::regtype " +
        $"AND a.attname IN ({string.Join(", ", columns.Select(SqlLiterals.Text))}) AND co.collname <> 'C' ORDER BY a.attnum";

    /// <inheritdoc />
    public override bool ChecksColumnExistence => true;

    /// <inheritdoc />
    public override string ColumnType(StorageKind kind, bool indexed) => kind switch
    {
        StorageKind.String => indexed ? CodePointText : "text",
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
