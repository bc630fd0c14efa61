namespace Chronos.Storage.Sql;

/// <summary>The generated SQL of one entity for every dialect.</summary>
/// <param name="Sqlite">SQLite statements.</param>
/// <param name="Postgres">PostgreSQL statements.</param>
public sealed record SqlCatalog(SqlStatements Sqlite, SqlStatements Postgres)
{
    /// <summary>The statements for <paramref name="dialect"/>.</summary>
    public SqlStatements For(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Sqlite => Sqlite,
        SqlDialect.Postgres => Postgres,
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Unknown SQL dialect."),
    };
}
