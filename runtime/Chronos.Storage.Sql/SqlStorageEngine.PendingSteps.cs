using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

// The migration steps outside the spec's versions that a SQL store can still need: today the retype of indexed text
// columns created by older DDL (PostgreSQL's COLLATE "C"), which every migration applies but which the version row
// alone does not reveal.
public abstract partial class SqlStorageEngine<TDialect>
{
    private const string ReadPendingStepOperation = "ReadPendingMigrationStep";

    /// <inheritdoc />
    /// <remarks>
    /// Runs the entity's generated <see cref="SqlStatements.SelectIndexedColumnsNotConforming"/> (a catalog read) on a
    /// reader connection; a dialect without that statement has no pending step. Until the migration retypes the columns
    /// the store's keyset pages may skip or repeat records with equal sort keys, so the store must not read as current.
    /// </remarks>
    protected override async Task<string?> ReadPendingMigrationStepAsync<TEntity>(CancellationToken cancellationToken)
    {
        if (Store<TEntity>().Statements.SelectIndexedColumnsNotConforming is not { } select) return null;
        var schema = SchemaOf<TEntity>.Value;
        var error = new SqlErrorContext(schema, null, ReadPendingStepOperation);
        var context = await Source.RentAsync(SqlAccess.Read, error, cancellationToken).ConfigureAwait(false);
        try
        {
            var columns = await ReadColumnNamesAsync(context, select, cancellationToken).ConfigureAwait(false);
            return columns.Count == 0
                ? null
                : $"indexed text columns {string.Join(", ", columns.Select(c => $"'{c}'"))} of table '{schema.StorageName}' not in the " +
                  "collation this build indexes text with (code-point order): keyset pages may skip or repeat ties until MigrateAsync retypes them";
        }
        catch (Exception e) when (e is not OperationCanceledException && Source.Translate(context, e, error) is { } mapped)
        {
            throw mapped;
        }
        finally
        {
            Source.Return(SqlAccess.Read, context);
        }
    }

    private static async Task<List<string>> ReadColumnNamesAsync(SqlConnectionContext context, string select, CancellationToken cancellationToken)
    {
        // A rare status read: unprepared, on the connection's own command.
        await using var command = context.Connection.CreateCommand();
        command.CommandText = select;
        command.Transaction = context.Transaction;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var columns = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) columns.Add(reader.GetString(0));
        return columns;
    }
}
