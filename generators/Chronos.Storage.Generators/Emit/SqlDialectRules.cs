using System.Collections.Generic;
using System.Linq;
using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Emit;

/// <summary>
/// What differs between SQL dialects; everything else in <see cref="SqlEmitter"/> and <see cref="MigrationEmitter"/>
/// is shared. One subclass per dialect, each in its own file under <c>Emit/Dialects/</c>: the members here with a
/// body are the statement shapes SQLite and PostgreSQL share (ANSI quoting, <c>ON CONFLICT</c>), which a dialect
/// overrides where it differs. A new dialect is a new subclass: <see cref="All"/> finds it, no list names it.
/// </summary>
internal abstract class SqlDialectRules
{
    /// <summary>
    /// Every dialect of this generator, ordered by name (so the generated catalog is stable). Collected from the
    /// generator's own assembly once: the generator runs inside the compiler (never trimmed nor AOT-compiled), so this
    /// one reflection call is what lets a dialect join by adding its file, without a central list to edit.
    /// </summary>
    public static readonly IReadOnlyList<SqlDialectRules> All = typeof(SqlDialectRules).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(SqlDialectRules)) && !type.IsAbstract)
        .Select(type => (SqlDialectRules)System.Activator.CreateInstance(type, nonPublic: true)!)
        .OrderBy(rules => rules.Name, System.StringComparer.Ordinal)
        .ToList();

    /// <summary>The dialect's name: the key of its statements in the runtime's <c>SqlCatalog</c>, asked for by its adapter.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// The column type of a field of <paramref name="kind"/>. <paramref name="indexed"/> is true for the key and every
    /// field in a declared index (a dialect that cannot index unbounded text bounds those columns).
    /// </summary>
    public abstract string ColumnType(StorageKind kind, bool indexed);

    /// <summary>A column default: the SQL literal of a field value given as JSON text (never JSON null).</summary>
    public abstract string Literal(StorageKind kind, string json);

    /// <summary>Whether ADD/DROP COLUMN accept IF [NOT] EXISTS (a dialect without them relies on its migration transaction).</summary>
    public abstract bool ChecksColumnExistence { get; }

    /// <summary>Identifiers are always quoted: storage names such as <c>key</c>, <c>type</c> or <c>user</c> are keywords somewhere.</summary>
    public virtual string Quote(string identifier) => "\"" + identifier + "\"";

    /// <summary>Insert unless the key exists: zero rows affected then; a clash on any other unique index still fails.</summary>
    /// <param name="insert">The plain insert of every field.</param>
    /// <param name="statement">The parts of the entity's statements.</param>
    public virtual string InsertIfAbsent(string insert, StatementParts statement) =>
        $"{insert} ON CONFLICT ({Quote(statement.Key.StorageName)}) DO NOTHING";

    /// <summary>Insert, or replace every non-key field of the row with the same key; a clash on any other unique index fails.</summary>
    public virtual string Upsert(string insert, StatementParts statement) =>
        statement.NonKey.Count == 0
            ? InsertIfAbsent(insert, statement)
            : $"{insert} ON CONFLICT ({Quote(statement.Key.StorageName)}) DO UPDATE SET " +
              string.Join(", ", statement.NonKey.Select(f => $"{Quote(f.StorageName)} = excluded.{Quote(f.StorageName)}"));

    /// <summary>Drops an index by name if it exists.</summary>
    public virtual string DropIndex(string table, string index) => $"DROP INDEX IF EXISTS {Quote(index)}";

    /// <summary>
    /// The DDL that gives an existing column the type it needs once indexed (<see cref="ColumnType"/> with
    /// <c>indexed: true</c>), or null when this dialect's column types do not depend on indexing. An <c>add_index</c>
    /// step over a field that was stored unindexed runs it first (MariaDB cannot index LONGTEXT; PostgreSQL orders an
    /// indexed text column by code points). <paramref name="nullable"/> is the field's nullability, for a dialect whose
    /// retype restates it (MariaDB's MODIFY COLUMN); the column's data is kept.
    /// </summary>
    public virtual string? RetypeForIndex(string table, string column, string indexedType, bool nullable) => null;

    /// <summary>
    /// Idempotent DDL, run by every migration after <c>CREATE TABLE IF NOT EXISTS</c>, that gives the existing
    /// <paramref name="columns"/> of <paramref name="table"/> (unquoted storage names: the key and indexed fields whose
    /// indexed type differs from the unindexed one) the indexed type of <see cref="ColumnType"/> when a table created by
    /// older code has another; or null when this dialect never changed those types. Data is kept.
    /// </summary>
    public virtual string? ConformIndexedColumns(string table, IReadOnlyList<string> columns) => null;

    /// <summary>
    /// A read-only query of the names (first column, one row each) of those of <paramref name="columns"/> that
    /// <see cref="ConformIndexedColumns"/> would retype, for the schema status to report the retype as a pending step
    /// before a migration runs it; or null when this dialect has no <see cref="ConformIndexedColumns"/>. A missing table has none.
    /// </summary>
    public virtual string? IndexedColumnsNotConforming(string table, IReadOnlyList<string> columns) => null;

    /// <summary>
    /// Creates the bookkeeping tables if missing: <c>chronos_schema</c> (per table, the spec version and hash it was
    /// migrated to) and whatever else the dialect's locks need. Runs in the migration transaction after its lock.
    /// </summary>
    public virtual IReadOnlyList<string> SchemaTables() => new[]
    {
        "CREATE TABLE IF NOT EXISTS \"chronos_schema\" (\"storage_name\" TEXT NOT NULL PRIMARY KEY, \"entity\" TEXT NOT NULL, " +
        "\"version\" BIGINT NOT NULL, \"spec_hash\" TEXT NOT NULL)",
    };

    /// <summary>Reads the version recorded for <c>@storage_name</c>.</summary>
    public virtual string SelectSchemaVersion() => "SELECT \"version\" FROM \"chronos_schema\" WHERE \"storage_name\" = @storage_name";

    /// <summary>Records <c>@storage_name</c>'s <c>@entity</c>, <c>@version</c> and <c>@spec_hash</c>, replacing what was there.</summary>
    public virtual string RecordSchemaVersion() =>
        "INSERT INTO \"chronos_schema\" (\"storage_name\", \"entity\", \"version\", \"spec_hash\") VALUES (@storage_name, @entity, @version, @spec_hash) " +
        "ON CONFLICT (\"storage_name\") DO UPDATE SET \"entity\" = excluded.\"entity\", \"version\" = excluded.\"version\", \"spec_hash\" = excluded.\"spec_hash\"";

    /// <summary>The parts of one entity a statement shape is built from.</summary>
    internal sealed class StatementParts
    {
        public StatementParts(EntityModel model, string table, string columns)
        {
            Model = model;
            Table = table;
            Columns = columns;
            Key = model.Key;
            NonKey = model.Fields.Where(f => f.Ordinal != model.KeyOrdinal).ToList();
        }

        public EntityModel Model { get; }
        /// <summary>The quoted table name.</summary>
        public string Table { get; }
        /// <summary>Every quoted column in ordinal order, comma-separated.</summary>
        public string Columns { get; }
        public FieldModel Key { get; }
        public IReadOnlyList<FieldModel> NonKey { get; }
    }
}
