using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Chronos.Storage.Sql;

/// <summary>Executes commands asynchronously, or synchronously where the driver's async API only wraps sync work.</summary>
public static class SqlCommands
{
    /// <summary>Executes a statement and returns the rows affected.</summary>
    // Pooled state machine: see SqlEntityStore.GetAsync(context, ...).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<int> ExecuteNonQueryAsync<TDialect>(DbCommand command, CancellationToken cancellationToken)
        where TDialect : struct, ISqlDialectMapping
    {
        if (TDialect.SynchronousIo)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return command.ExecuteNonQuery();
        }
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Executes a query and returns the first column of the first row (null when there is none).</summary>
    // Pooled state machine: see SqlEntityStore.GetAsync(context, ...).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<object?> ExecuteScalarAsync<TDialect>(DbCommand command, CancellationToken cancellationToken)
        where TDialect : struct, ISqlDialectMapping
    {
        object? value;
        if (TDialect.SynchronousIo)
        {
            cancellationToken.ThrowIfCancellationRequested();
            value = command.ExecuteScalar();
        }
        else
        {
            value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        return value is DBNull ? null : value;
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
