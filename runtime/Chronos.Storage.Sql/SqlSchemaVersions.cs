using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>
/// The <c>chronos_schema</c> table: per table, the spec version (and spec hash) it was created or migrated to. Its
/// statements are generated per dialect with the entity's (<see cref="SqlStatements.SchemaTables"/> and beside it), so
/// every statement shape lives in the generator's dialect rules. Every method runs inside the caller's migration
/// transaction, after its lock.
/// </summary>
public static class SqlSchemaVersions
{
    private static readonly SqlParameterShape SelectShape = SqlParameterShape.Of("@storage_name", FieldKind.String);

    private static readonly SqlParameterShape RecordShape = new(
        ["@storage_name", "@entity", "@version", "@spec_hash"], [FieldKind.String, FieldKind.String, FieldKind.Int64, FieldKind.String]);

    /// <summary>Takes the dialect's migration lock (if any) and creates the bookkeeping tables if missing.</summary>
    public static async ValueTask PrepareAsync<TDialect>(SqlConnectionContext context, SqlStatements statements, CancellationToken cancellationToken)
        where TDialect : struct, ISqlDialectMapping
    {
        if (TDialect.MigrationLockSql is { } lockSql)
        {
            await SqlCommands.ExecuteOnceAsync<TDialect>(context, lockSql, cancellationToken).ConfigureAwait(false);
        }
        foreach (var ddl in statements.SchemaTables)
        {
            await SqlCommands.ExecuteOnceAsync<TDialect>(context, ddl, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Releases the migration lock when it outlives the transaction (<see cref="ISqlDialectMapping.MigrationUnlockSql"/>).
    /// Called after success and failure alike. When the release itself fails, the connection is marked broken, so the
    /// pool closes it and the server drops the lock with the session; the migration's own outcome stands.
    /// </summary>
    public static async ValueTask ReleaseAsync<TDialect>(SqlConnectionContext context)
        where TDialect : struct, ISqlDialectMapping
    {
        if (TDialect.MigrationUnlockSql is not { } unlockSql) return;
        try
        {
            // Not cancellable: a lock left held would block every other process's migration.
            await SqlCommands.ExecuteOnceAsync<TDialect>(context, unlockSql, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            context.IsBroken = true;
        }
    }

    /// <summary>The version recorded for <paramref name="storageName"/>, or null when the table was never migrated.</summary>
    public static async ValueTask<long?> ReadAsync<TDialect>(SqlConnectionContext context, SqlStatements statements, string storageName, CancellationToken cancellationToken)
        where TDialect : struct, ISqlDialectMapping
    {
        var command = context.Command<TDialect>(statements.SelectSchemaVersion, SelectShape);
        command.Parameters[0].Value = storageName;
        return await SqlCommands.ExecuteScalarAsync<TDialect>(command, cancellationToken).ConfigureAwait(false) is { } value and not DBNull
            ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>Records that <paramref name="schema"/>'s table is at its code version.</summary>
    public static async ValueTask RecordAsync<TDialect>(SqlConnectionContext context, SqlStatements statements, EntitySchema schema, CancellationToken cancellationToken)
        where TDialect : struct, ISqlDialectMapping
    {
        var command = context.Command<TDialect>(statements.RecordSchemaVersion, RecordShape);
        command.Parameters[0].Value = schema.StorageName;
        command.Parameters[1].Value = schema.EntityName;
        command.Parameters[2].Value = (long)schema.Version;
        command.Parameters[3].Value = schema.SpecHash;
        await SqlCommands.ExecuteNonQueryAsync<TDialect>(command, cancellationToken).ConfigureAwait(false);
    }
}
