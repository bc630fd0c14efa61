namespace Chronos.Storage.Sql;

/// <summary>The SQL dialects the generator emits.</summary>
public enum SqlDialect
{
    /// <summary>SQLite 3.35+ (RETURNING, ON CONFLICT upserts).</summary>
    Sqlite,
    /// <summary>PostgreSQL 13+.</summary>
    Postgres,
}
