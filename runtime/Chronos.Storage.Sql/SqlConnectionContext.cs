using System.Data.Common;

namespace Chronos.Storage.Sql;

/// <summary>
/// One open connection and the commands prepared on it. A statement is prepared the first time it runs on this
/// connection and reused afterwards, so the database parses and plans it once per connection, not once per call
/// (what makes the adapters match hand-written ADO.NET, where Dapper re-prepares on every call).
/// </summary>
public sealed class SqlConnectionContext : IAsyncDisposable
{
    // Keyed by the statement's string instance: the generated SQL lives in static catalogs, so identity is exact and
    // cheaper than hashing a long statement on every call.
    private readonly Dictionary<string, DbCommand> _commands = new(ReferenceEqualityComparer.Instance);

    internal SqlConnectionContext(DbConnection connection, int generation)
    {
        Connection = connection;
        Generation = generation;
    }

    /// <summary>The open connection.</summary>
    public DbConnection Connection { get; }

    /// <summary>The transaction in progress on this connection, if any; commands handed out join it.</summary>
    public DbTransaction? Transaction { get; private set; }

    internal int Generation { get; }

    /// <summary>Set when an error left the connection unusable; the pool then closes it instead of reusing it.</summary>
    internal bool IsBroken { get; set; }

    /// <summary>The prepared command for <paramref name="sql"/>, created and prepared on first use.</summary>
    /// <typeparam name="TDialect">Creates the typed parameters.</typeparam>
    public DbCommand Command<TDialect>(string sql, SqlParameterShape shape) where TDialect : struct, ISqlDialectMapping
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = UnpreparedCommand<TDialect>(sql, shape);
            command.Prepare();
            _commands.Add(sql, command);
        }
        else if (command.Transaction != Transaction)
        {
            command.Transaction = Transaction;
        }
        return command;
    }

    /// <summary>
    /// A new command for <paramref name="sql"/> in the current transaction, neither prepared nor kept: the caller
    /// disposes it. For statements run too rarely to be worth a prepared statement on the server.
    /// </summary>
    internal DbCommand UnpreparedCommand<TDialect>(string sql, SqlParameterShape shape) where TDialect : struct, ISqlDialectMapping
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < shape.Names.Length; i++)
        {
            command.Parameters.Add(TDialect.CreateParameter(command, shape.Names[i], shape.Kinds[i]));
        }
        command.Transaction = Transaction;
        return command;
    }

    /// <summary>Starts the write transaction that commands join until <see cref="EndTransaction"/>.</summary>
    /// <typeparam name="TDialect">How this backend begins a write transaction.</typeparam>
    public async ValueTask BeginWriteTransactionAsync<TDialect>(CancellationToken cancellationToken) where TDialect : struct, ISqlDialectMapping
    {
        if (Transaction is not null) throw new InvalidOperationException("A transaction is already in progress on this connection.");
        Transaction = await TDialect.BeginWriteTransactionAsync(Connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Commits the transaction in progress. It stays current until <see cref="EndTransaction"/> (called once the commit
    /// has completed), so that a commit that fails can still be rolled back.
    /// </summary>
    // The driver's task itself, not an async method around it: no state machine of ours per commit.
    public Task CommitAsync<TDialect>(CancellationToken cancellationToken) where TDialect : struct, ISqlDialectMapping
    {
        var transaction = Transaction ?? throw new InvalidOperationException("No transaction is in progress.");
        if (!TDialect.SynchronousIo) return transaction.CommitAsync(cancellationToken);
        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <summary>Rolls back the transaction in progress, if any; a failed rollback marks the connection broken.</summary>
    public async ValueTask RollbackAsync<TDialect>() where TDialect : struct, ISqlDialectMapping
    {
        if (Transaction is not { } transaction) return;
        try
        {
            // Not cancellable: a rollback left half-done would leave the connection mid-transaction.
            if (TDialect.SynchronousIo) transaction.Rollback();
            else await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            IsBroken = true;
        }
        finally
        {
            EndTransaction();
        }
    }

    /// <summary>Forgets the committed or rolled-back transaction, so that the connection can go back to the pool.</summary>
    public void EndTransaction()
    {
        Transaction?.Dispose();
        Transaction = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }
        _commands.Clear();
        Transaction?.Dispose();
        Transaction = null;
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
