using System.Collections.Immutable;
using Chronos.Storage.Sql;

namespace Chronos.Storage.Migrations;

/// <summary>
/// What moving an entity's store from <c>Version - 1</c> to <see cref="Version"/> means: the spec's steps, and the
/// same steps as generated DDL for each SQL dialect (to run in order, in one transaction).
/// </summary>
/// <param name="Version">The version these steps reach.</param>
/// <param name="Steps">The backend-neutral steps, in spec order.</param>
/// <param name="SqliteDdl">The steps as SQLite statements.</param>
/// <param name="PostgresDdl">The steps as PostgreSQL statements.</param>
public sealed record MigrationVersion(int Version, ImmutableArray<MigrationStep> Steps, ImmutableArray<string> SqliteDdl, ImmutableArray<string> PostgresDdl)
{
    /// <summary>The DDL of one dialect.</summary>
    public ImmutableArray<string> Ddl(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Sqlite => SqliteDdl,
        SqlDialect.Postgres => PostgresDdl,
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "no migration DDL is generated for this dialect"),
    };
}
