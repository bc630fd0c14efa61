using System.Collections.Generic;
using System.Linq;
using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Emit.Dialects;

/// <summary>
/// MariaDB 10.11+ (and MySQL where it agrees). The adapter runs every connection with
/// <c>sql_mode = ANSI_QUOTES,STRICT_ALL_TABLES,NO_BACKSLASH_ESCAPES,...</c>, so identifiers keep the shared double
/// quotes and a too-long value fails instead of being truncated.
/// <list type="bullet">
/// <item>Strings are <c>utf8mb4_bin</c>: ids are case- and accent-sensitive on every other backend, so they are here.
/// Indexed strings (the key and every indexed field) are <c>VARCHAR(255)</c> because InnoDB cannot index unbounded
/// text (3072 bytes per index key = 768 utf8mb4 characters: three 255-character strings and an instant fit); longer
/// values fail with error 1406, which the adapter reports as a typed error naming the field. Other strings are LONGTEXT.</item>
/// <item>Instants are BIGINT microseconds since the Unix epoch, as on SQLite: exact to the microsecond, ordered, free of
/// the session time zone (TIMESTAMP converts) and of DATETIME's year-1000 floor (DateTime.MinValue must round-trip).</item>
/// <item>JSON is LONGTEXT (utf8mb4_bin), not the JSON type: MariaDB's JSON is LONGTEXT with a json_valid check, which
/// refuses documents nested deeper than 32 levels that every other backend stores (the conformance suite's "deep"
/// sample); the text is always written by System.Text.Json, so it is valid JSON without the check.</item>
/// <item>Upserts use ON DUPLICATE KEY UPDATE, which fires on ANY unique index: the first assignment sets the key to
/// NULL when the clashing row has another key, so a clash on a declared unique index fails (error 1048, reported
/// as a duplicate) instead of overwriting another record.</item>
/// </list>
/// </summary>
internal sealed class MySqlDialectRules : SqlDialectRules
{
    private const string Text = " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";

    /// <summary>The bound of indexed strings, in characters.</summary>
    public const int IndexedStringLength = 255;

    /// <inheritdoc />
    public override string Name => "mysql";

    /// <inheritdoc />
    public override bool ChecksColumnExistence => true;

    /// <inheritdoc />
    public override string ColumnType(StorageKind kind, bool indexed) => kind switch
    {
        StorageKind.String => (indexed ? $"VARCHAR({IndexedStringLength})" : "LONGTEXT") + Text,
        StorageKind.Int32 => "INT",
        StorageKind.Int64 or StorageKind.DateTime => "BIGINT",
        StorageKind.Double => "DOUBLE",
        StorageKind.Boolean => "BOOLEAN",
        _ => "LONGTEXT" + Text,
    };

    /// <inheritdoc />
    public override string Literal(StorageKind kind, string json) => kind switch
    {
        StorageKind.Boolean => json == "true" ? "TRUE" : "FALSE",
        StorageKind.DateTime => SqlLiterals.UnixMicroseconds(json),
        StorageKind.String => SqlLiterals.Text(Parsing.MigrationDefaults.Unquote(json)),
        StorageKind.Json => SqlLiterals.Text(json),
        _ => SqlLiterals.Number(json),
    };

    /// <inheritdoc />
    /// <remarks>
    /// Not INSERT IGNORE (it would also swallow a clash on another unique index, and turn errors into warnings) and
    /// not ON DUPLICATE KEY UPDATE (it fires on every unique index, and with found-rows counts 1 for an unchanged row).
    /// </remarks>
    public override string InsertIfAbsent(string insert, StatementParts statement)
    {
        var key = statement.Key;
        var values = string.Join(", ", statement.Model.Fields.Select(f => "@" + f.StorageName));
        return $"INSERT INTO {statement.Table} ({statement.Columns}) SELECT {values} FROM DUAL WHERE NOT EXISTS " +
               $"(SELECT 1 FROM {statement.Table} WHERE {Quote(key.StorageName)} = @{key.StorageName})";
    }

    /// <inheritdoc />
    public override string Upsert(string insert, StatementParts statement)
    {
        if (statement.NonKey.Count == 0) return InsertIfAbsent(insert, statement);
        var key = Quote(statement.Key.StorageName);
        var sets = new List<string> { $"{key} = IF({key} = VALUES({key}), {key}, NULL)" };
        sets.AddRange(statement.NonKey.Select(f => $"{Quote(f.StorageName)} = VALUES({Quote(f.StorageName)})"));
        return $"{insert} ON DUPLICATE KEY UPDATE {string.Join(", ", sets)}";
    }

    /// <inheritdoc />
    /// <inheritdoc />
    // MODIFY keeps the rows; in strict mode a stored value longer than the bound fails the statement instead of being cut.
    public override string? RetypeForIndex(string table, string column, string indexedType, bool nullable) =>
        $"ALTER TABLE {table} MODIFY COLUMN {column} {indexedType}{(nullable ? "" : " NOT NULL")}";

    public override string DropIndex(string table, string index) => $"DROP INDEX IF EXISTS {Quote(index)} ON {table}";

    /// <inheritdoc />
    /// <remarks>
    /// <c>chronos_ledger_lock</c> holds one row per session that ever appended: the append's first statement upserts
    /// it, which row-locks it until the transaction ends (DDL would commit implicitly, but appends run none), so
    /// appends to one session are serialised across processes and connections.
    /// </remarks>
    public override IReadOnlyList<string> SchemaTables() => new[]
    {
        $"CREATE TABLE IF NOT EXISTS \"chronos_schema\" (\"storage_name\" VARCHAR({IndexedStringLength}){Text} NOT NULL PRIMARY KEY, " +
        $"\"entity\" LONGTEXT{Text} NOT NULL, \"version\" BIGINT NOT NULL, \"spec_hash\" LONGTEXT{Text} NOT NULL)",
        $"CREATE TABLE IF NOT EXISTS \"chronos_ledger_lock\" (\"session_id\" VARCHAR({IndexedStringLength}){Text} NOT NULL PRIMARY KEY)",
    };

    /// <inheritdoc />
    public override string RecordSchemaVersion() =>
        "INSERT INTO \"chronos_schema\" (\"storage_name\", \"entity\", \"version\", \"spec_hash\") VALUES (@storage_name, @entity, @version, @spec_hash) " +
        "ON DUPLICATE KEY UPDATE \"entity\" = VALUES(\"entity\"), \"version\" = VALUES(\"version\"), \"spec_hash\" = VALUES(\"spec_hash\")";
}
