using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>
/// The <c>chronos_schema</c> table: per table, the spec version (and spec hash) it was created or migrated to. The same
/// SQL runs on every SQL dialect. Every method runs inside the caller's migration transaction, after its lock.
/// </summary>
public static class SqlSchemaVersions
{
    /// <summary>The bookkeeping table's name.</summary>
    public const string Table = "chronos_schema";

    private const string CreateSql =
        "CREATE TABLE IF NOT EXISTS \"chronos_schema\" (\"storage_name\" TEXT NOT NULL PRIMARY KEY, \"entity\" TEXT NOT NULL, " +
        "\"version\" BIGINT NOT NULL, \"spec_hash\" TEXT NOT NULL)";

    private const string SelectSql = "SELECT \"version\" FROM \"chronos_schema\" WHERE \"storage_name\" = @storage_name";

    private const string RecordSql =
        "INSERT INTO \"chronos_schema\" (\"storage_name\", \"entity\", \"version\", \"spec_hash\") VALUES (@storage_name, @entity, @version, @spec_hash) " +
        "ON CONFLICT (\"storage_name\") DO UPDATE SET \"entity\" = excluded.\"entity\", \"version\" = excluded.\"version\", \"spec_hash\" = excluded.\"spec_hash\"";

    private static readonly SqlParameterShape SelectShape = SqlParameterShape.Of("@storage_name", FieldKind.String);

    private static readonly SqlParameterShape RecordShape = new(
        ["@storage_name", "@entity", "@version", "@spec_hash"], [FieldKind.String, FieldKind.String, FieldKind.Int64, FieldKind.String]);

    /// <summary>Takes the dialect's migration lock (if any) and creates the bookkeeping table if missing.</summary>
    public static async ValueTask PrepareAsync<TDialect>(SqlConnectionContext context, CancellationToken cancellationToken)
        where TDialect : struct, ISqlDialectMapping
    {
        if (TDialect.MigrationLockSql is { } lockSql)
        {
            await SqlCommands.ExecuteOnceAsync<TDialect>(context, lockSql, cancellationToken).ConfigureAwait(false);
        }
        await SqlCommands.ExecuteOnceAsync<TDialect>(context, CreateSql, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The version recorded for <paramref name="storageName"/>, or null when the table was never migrated.</summary>
    public static async ValueTask<long?> ReadAsync<TDialect>(SqlConnectionContext context, string storageName, CancellationToken cancellationToken)
        where TDialect : struct, ISqlDialectMapping
    {
        var command = context.Command<TDialect>(SelectSql, SelectShape);
        command.Parameters[0].Value = storageName;
        return await SqlCommands.ExecuteScalarAsync<TDialect>(command, cancellationToken).ConfigureAwait(false) is { } value and not DBNull
            ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>Records that <paramref name="schema"/>'s table is at its code version.</summary>
    public static async ValueTask RecordAsync<TDialect>(SqlConnectionContext context, EntitySchema schema, CancellationToken cancellationToken)
        where TDialect : struct, ISqlDialectMapping
    {
        var command = context.Command<TDialect>(RecordSql, RecordShape);
        command.Parameters[0].Value = schema.StorageName;
        command.Parameters[1].Value = schema.EntityName;
        command.Parameters[2].Value = (long)schema.Version;
        command.Parameters[3].Value = schema.SpecHash;
        await SqlCommands.ExecuteNonQueryAsync<TDialect>(command, cancellationToken).ConfigureAwait(false);
    }
}
