using System.Data.Common;

namespace Chronos.Storage.Sql;

/// <summary>Executes commands asynchronously, or synchronously where the driver's async API only wraps sync work.</summary>
public static class SqlCommands
{
    // No async method of its own: the driver's task is handed straight to the caller, so that a suspended round trip
    // costs no state machine beyond the driver's and the caller's (docs/benchmarks.md).

    /// <summary>Executes a statement and returns the rows affected.</summary>
    public static ValueTask<int> ExecuteNonQueryAsync<TDialect>(DbCommand command, CancellationToken cancellationToken)
        where TDialect : struct, ISqlDialectMapping
    {
        if (!TDialect.SynchronousIo) return new(command.ExecuteNonQueryAsync(cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        return new(command.ExecuteNonQuery());
    }

    /// <summary>
    /// Executes a query and returns the first column of the first row as the driver gives it: null when there is no
    /// row, <see cref="DBNull"/> when the value is NULL.
    /// </summary>
    public static ValueTask<object?> ExecuteScalarAsync<TDialect>(DbCommand command, CancellationToken cancellationToken)
        where TDialect : struct, ISqlDialectMapping
    {
        if (!TDialect.SynchronousIo) return new(command.ExecuteScalarAsync(cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        return new(command.ExecuteScalar());
    }

    /// <summary>Executes a one-off statement (DDL, locks) on the context's connection and transaction, unprepared.</summary>
    public static async ValueTask ExecuteOnceAsync<TDialect>(SqlConnectionContext context, string sql, CancellationToken cancellationToken)
        where TDialect : struct, ISqlDialectMapping
    {
        await using var command = context.Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = context.Transaction;
        await ExecuteNonQueryAsync<TDialect>(command, cancellationToken).ConfigureAwait(false);
    }
}
