using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Chronos.Storage.Sql;

/// <summary>
/// A bounded set of open connections, each keeping its prepared commands (<see cref="SqlConnectionContext"/>).
/// At most <see cref="MaxConnections"/> are in use at once; callers beyond that wait. After a connection failure
/// <see cref="Invalidate"/> retires every pooled connection, so the next call after a server restart opens a fresh one
/// instead of tripping over a dead socket.
/// </summary>
public sealed class SqlConnectionPool : IAsyncDisposable
{
    private readonly Func<CancellationToken, ValueTask<DbConnection>> _open;
    private readonly SemaphoreSlim _slots;
    private readonly Stack<SqlConnectionContext> _idle = new();
    private readonly Lock _gate = new();
    private int _generation;
    private bool _disposed;

    /// <summary>Creates the pool.</summary>
    /// <param name="open">Opens and configures a new connection.</param>
    /// <param name="maxConnections">Connections in use at once (1 for a single SQLite writer).</param>
    public SqlConnectionPool(Func<CancellationToken, ValueTask<DbConnection>> open, int maxConnections)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        _open = open;
        MaxConnections = maxConnections;
        _slots = new SemaphoreSlim(maxConnections, maxConnections);
    }

    /// <summary>Connections in use at once.</summary>
    public int MaxConnections { get; }

    /// <summary>Takes a connection (opening one when none is idle); give it back with <see cref="Return"/>.</summary>
    // Pooled state machine: reused when the call ends on the thread it began on (see the note on SqlEntityStore's reads).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SqlConnectionContext> RentAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int generation;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_idle.TryPop(out var idle)) return idle;
                generation = _generation;
            }
            var connection = await _open(cancellationToken).ConfigureAwait(false);
            return new SqlConnectionContext(connection, generation);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Gives a connection back: kept for reuse unless it broke or the pool was invalidated since it opened.</summary>
    public void Return(SqlConnectionContext context)
    {
        var keep = false;
        if (!context.IsBroken && context.Transaction is null)
        {
            lock (_gate)
            {
                if (!_disposed && context.Generation == _generation)
                {
                    _idle.Push(context);
                    keep = true;
                }
            }
        }
        if (!keep) Discard(context);
        _slots.Release();
    }

    /// <summary>Retires every idle connection and every rented one when it comes back (the server went away).</summary>
    public void Invalidate()
    {
        SqlConnectionContext[] retired;
        lock (_gate)
        {
            _generation++;
            retired = [.. _idle];
            _idle.Clear();
        }
        foreach (var context in retired) Discard(context);
    }

    private static void Discard(SqlConnectionContext context)
    {
        // Closing a dead connection can itself fail; the connection is gone either way.
        try
        {
            context.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (Exception)
        {
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        SqlConnectionContext[] idle;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }
        foreach (var context in idle)
        {
            await context.DisposeAsync().ConfigureAwait(false);
        }
    }
}
