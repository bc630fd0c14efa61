using System.Runtime.CompilerServices;
namespace Chronos.Storage.Sql;

/// <summary>
/// Where the shared SQL store gets its connections, and the one place driver failures become typed errors:
/// a reader pool and a writer pool (the same pool when the backend has no single-writer rule).
/// </summary>
/// <typeparam name="TDialect">The backend's conversions and error mapping.</typeparam>
public sealed class SqlConnectionSource<TDialect> : IAsyncDisposable where TDialect : struct, ISqlDialectMapping
{
    private readonly SqlConnectionPool _readers;
    private readonly SqlConnectionPool _writers;

    /// <summary>Creates the source.</summary>
    /// <param name="readers">Connections for reads.</param>
    /// <param name="writers">Connections for writes; may be <paramref name="readers"/>.</param>
    public SqlConnectionSource(SqlConnectionPool readers, SqlConnectionPool writers)
    {
        _readers = readers;
        _writers = writers;
    }

    /// <summary>Takes a connection for <paramref name="access"/>, mapping a failure to open it to a typed error.</summary>
    // Pooled state machine: reused when the call ends on the thread it began on (see the note on SqlEntityStore's reads).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SqlConnectionContext> RentAsync(SqlAccess access, SqlErrorContext error, CancellationToken cancellationToken)
    {
        var pool = access == SqlAccess.Write ? _writers : _readers;
        try
        {
            return await pool.RentAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(null, ex, error) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>Gives a connection back to the pool it came from.</summary>
    public void Return(SqlAccess access, SqlConnectionContext context) =>
        (access == SqlAccess.Write ? _writers : _readers).Return(context);

    /// <summary>
    /// The typed error for <paramref name="exception"/> (null to rethrow it as is). Marks the connection broken when
    /// the driver says so, and on a transient failure retires every pooled connection so that the next call after the
    /// server is back opens fresh ones.
    /// </summary>
    public Exception? Translate(SqlConnectionContext? context, Exception exception, in SqlErrorContext error)
    {
        if (context is not null && (TDialect.BreaksConnection(exception) || context.Connection.State != System.Data.ConnectionState.Open))
        {
            context.IsBroken = true;
        }
        var mapped = TDialect.MapError(exception, error);
        if (mapped is TransientStorageException)
        {
            if (context is not null) context.IsBroken = true;
            _readers.Invalidate();
            if (!ReferenceEquals(_readers, _writers)) _writers.Invalidate();
        }
        return mapped;
    }

    /// <summary>
    /// Runs <paramref name="body"/> in one write transaction on one connection: committed when it returns, rolled back
    /// when it throws (the error then mapped like any other), so nothing is ever half-written.
    /// </summary>
    // Pooled state machine: reused when the call ends on the thread it began on (see the note on SqlEntityStore's reads).
    // The event ledger's hot path repeats this shape inline (SqlEventLedger) to stay one async method.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TResult> WriteTransactionAsync<TState, TResult>(
        SqlErrorContext error, TState state, Func<SqlConnectionContext, TState, CancellationToken, ValueTask<TResult>> body, CancellationToken cancellationToken)
    {
        var context = await BeginWriteAsync(error, cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await body(context, state, cancellationToken).ConfigureAwait(false);
            await context.CommitAsync<TDialect>(cancellationToken).ConfigureAwait(false);
            context.EndTransaction();
            return result;
        }
        catch (Exception ex)
        {
            if (await AbortAsync(context, ex, error).ConfigureAwait(false) is { } mapped) throw mapped;
            throw;
        }
        finally
        {
            Return(SqlAccess.Write, context);
        }
    }

    /// <summary>
    /// Takes a write connection and starts its transaction; commit it, or on failure call <see cref="AbortAsync"/>,
    /// then <see cref="Return"/> it with <see cref="SqlAccess.Write"/>. Completes at once when a connection is idle and the
    /// driver begins transactions lazily (both backends), so it costs no state machine on the hot path.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SqlConnectionContext> BeginWriteAsync(SqlErrorContext error, CancellationToken cancellationToken)
    {
        var context = await RentAsync(SqlAccess.Write, error, cancellationToken).ConfigureAwait(false);
        try
        {
            await context.BeginWriteTransactionAsync<TDialect>(cancellationToken).ConfigureAwait(false);
            return context;
        }
        catch (Exception ex) when (Translate(context, ex, error) is var mapped)
        {
            Return(SqlAccess.Write, context);
            if (mapped is not null) throw mapped;
            throw;
        }
    }

    /// <summary>Rolls back a failed write transaction and returns the typed error for <paramref name="exception"/> (null: rethrow it).</summary>
    public async ValueTask<Exception?> AbortAsync(SqlConnectionContext context, Exception exception, SqlErrorContext error)
    {
        await context.RollbackAsync<TDialect>().ConfigureAwait(false);
        return Translate(context, exception, error);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _readers.DisposeAsync().ConfigureAwait(false);
        if (!ReferenceEquals(_readers, _writers)) await _writers.DisposeAsync().ConfigureAwait(false);
    }
}
