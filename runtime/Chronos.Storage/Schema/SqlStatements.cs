using System.Collections.Immutable;

namespace Chronos.Storage.Schema;

/// <summary>
/// Generated SQL for one entity in one dialect. Parameters are named <c>@storage_name</c> (Dapper's style), so the
/// same text runs through Dapper. Statements that write a whole record bind every field in ordinal order:
/// parameter <c>i</c> is field <c>i</c>, which is what lets adapters bind by position on a prepared command.
/// Selects return every field in ordinal order, so column <c>i</c> is field <c>i</c>.
/// </summary>
public sealed record SqlStatements
{
    /// <summary>The dialect's name, e.g. <c>postgres</c> (what the SQL adapter's dialect mapping, <c>Chronos.Storage.Sql.ISqlDialectMapping.DialectName</c>, asks for).</summary>
    public required string Dialect { get; init; }
    /// <summary>The table name (the entity's storage name).</summary>
    public required string Table { get; init; }
    /// <summary>Every field's parameter name in ordinal order, with the '@'.</summary>
    public required ImmutableArray<string> FieldParameters { get; init; }
    /// <summary>
    /// Creates the dialect's bookkeeping tables if missing: <c>chronos_schema</c> (per table, its spec version and hash)
    /// and whatever the dialect's locks need. The same in every entity of a dialect.
    /// </summary>
    public required ImmutableArray<string> SchemaTables { get; init; }
    /// <summary>Reads the version recorded in <c>chronos_schema</c> for <c>@storage_name</c>.</summary>
    public required string SelectSchemaVersion { get; init; }
    /// <summary>Records <c>@storage_name</c>, <c>@entity</c>, <c>@version</c>, <c>@spec_hash</c> in <c>chronos_schema</c> (insert or replace).</summary>
    public required string RecordSchemaVersion { get; init; }
    /// <summary><c>CREATE TABLE IF NOT EXISTS</c> and one <c>CREATE INDEX IF NOT EXISTS</c> per declared index.</summary>
    public required ImmutableArray<string> CreateSchema { get; init; }
    /// <summary>
    /// Reads the names (first column) of the key and indexed text columns that <see cref="CreateSchema"/>'s conform step
    /// would retype because the table was created by older code (PostgreSQL: not <c>COLLATE "C"</c>, so keyset pages may
    /// skip or repeat ties); no rows once the table is current or when it does not exist. Null in a dialect without such a step.
    /// </summary>
    public string? SelectIndexedColumnsNotConforming { get; init; }
    /// <summary>Plain insert of every field; fails on a duplicate key.</summary>
    public required string Insert { get; init; }
    /// <summary>Insert of every field unless the key exists (then nothing; zero rows affected). Other unique indexes still fail.</summary>
    public required string InsertIfAbsent { get; init; }
    /// <summary>Insert or replace every non-key field by key.</summary>
    public required string Upsert { get; init; }
    /// <summary>Select every field by key (<c>@key</c> is the key's storage name).</summary>
    public required string SelectByKey { get; init; }
    /// <summary>Delete by key.</summary>
    public required string DeleteByKey { get; init; }
    /// <summary>
    /// For entities with a concurrency field: update every field where key and version match the bound record, and
    /// set the version to the bound version + 1. Zero rows affected means missing or stale. Null otherwise.
    /// </summary>
    public string? UpdateIfVersion { get; init; }
    /// <summary>Per declared index, in <see cref="EntitySchema.Indexes"/> order.</summary>
    public required ImmutableArray<SqlIndexStatements> Indexes { get; init; }
}

/// <summary>
/// Generated SQL for one declared index. <see cref="List"/> binds the match fields, then <c>@limit</c> and
/// <c>@offset</c>; <see cref="ListAfter"/> also binds <c>@after</c> (strictly after, in the index's order, on
/// its first sort key) before them.
/// </summary>
public sealed record SqlIndexStatements
{
    /// <summary>The spec's index name.</summary>
    public required string IndexName { get; init; }
    /// <summary>Match-field parameter names in order, with the '@'.</summary>
    public required ImmutableArray<string> MatchParameters { get; init; }
    /// <summary>Rows matching every match field, in index order, with LIMIT/OFFSET.</summary>
    public required string List { get; init; }
    /// <summary>As <see cref="List"/>, restricted to rows strictly after <c>@after</c> on the first sort key.</summary>
    public required string ListAfter { get; init; }
    /// <summary>Delete rows matching every match field.</summary>
    public required string DeleteMatching { get; init; }
}
