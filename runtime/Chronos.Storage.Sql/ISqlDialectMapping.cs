using System.Data;
using System.Data.Common;
using System.Text.Json.Nodes;
using Chronos.Storage.Schema;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Sql;

/// <summary>
/// Everything that differs between SQL backends, and nothing else: how a field kind becomes a parameter and comes
/// back from a column, how a write transaction starts, which lock serialises the ledger and migrations, and how driver
/// errors map to the typed storage errors. Implemented by a struct per driver so that the shared
/// <see cref="SqlEntityStore{TEntity, TDialect}"/> is specialised per dialect at compile time (no virtual dispatch,
/// no reflection). The runtime never references a driver; adapters implement this.
/// </summary>
public interface ISqlDialectMapping
{
    /// <summary>The name of the generated SQL to use (<see cref="SqlCatalog.For"/>), e.g. <c>postgres</c>.</summary>
    static abstract string DialectName { get; }

    /// <summary>The backend name used in errors, e.g. <c>sqlite</c>.</summary>
    static abstract string BackendName { get; }

    /// <summary>
    /// True when the driver's async methods only wrap synchronous work (SQLite): the store then calls the synchronous
    /// API and saves the async machinery on every call.
    /// </summary>
    static abstract bool SynchronousIo { get; }

    /// <summary>Creates a typed parameter for a field of <paramref name="kind"/> (called once per prepared command).</summary>
    static abstract DbParameter CreateParameter(DbCommand command, string name, FieldKind kind);

    /// <summary>
    /// Binds an instant (UTC, microseconds) in this backend's representation. By default microseconds since the Unix
    /// epoch in a 64-bit integer column, the form of the backends without an exact timestamp type (SQLite, MariaDB).
    /// </summary>
    static virtual void SetDateTime(DbParameter parameter, DateTime value) => parameter.Value = StorageTime.ToUnixMicroseconds(value);

    /// <summary>
    /// Binds a JSON value in this backend's representation. By default its compact text, which every SQL backend here
    /// stores (as TEXT, LONGTEXT, or parsed by the server into jsonb).
    /// </summary>
    static virtual void SetJson(DbParameter parameter, JsonNode value) => parameter.Value = value.ToJsonString();

    /// <summary>Reads an instant written by <see cref="SetDateTime"/> (Kind = Utc).</summary>
    static virtual DateTime GetDateTime(DbDataReader reader, int ordinal) => StorageTime.FromUnixMicroseconds(reader.GetInt64(ordinal));

    /// <summary>
    /// Reads a JSON value written by <see cref="SetJson"/>. By default parses the column's text with
    /// <see cref="JsonLimits.Parse(string)"/> (so a stored value deeper than the limit is refused the same way on every
    /// backend); the JSON literal <c>null</c> is refused because absent JSON is stored as SQL NULL.
    /// </summary>
    static virtual JsonNode GetJson(DbDataReader reader, int ordinal) =>
        JsonLimits.Parse(reader.GetString(ordinal))
        ?? throw new InvalidDataException($"Column {reader.GetName(ordinal)} holds the JSON literal null; absent JSON is stored as SQL NULL.");

    /// <summary>
    /// Starts <paramref name="command"/>'s reader: the driver's own task, awaited by the store, which then takes the
    /// reader from it with <see cref="ExecutedReader"/>. A plain <c>Task</c> because drivers type their reader tasks
    /// (<c>Task&lt;NpgsqlDataReader&gt;</c>), and converting one to <c>Task&lt;DbDataReader&gt;</c> takes an async method
    /// per read: Npgsql's own <see cref="DbCommand.ExecuteReaderAsync(CommandBehavior, CancellationToken)"/> pays that,
    /// hand-written Npgsql does not, and neither does the store.
    /// </summary>
    static abstract Task ExecuteReaderAsync(DbCommand command, CommandBehavior behavior, CancellationToken cancellationToken);

    /// <summary>The reader of a task from <see cref="ExecuteReaderAsync"/> that has completed successfully.</summary>
    static abstract DbDataReader ExecutedReader(Task executed);

    /// <summary>Starts a transaction that holds the write lock it needs from the start (SQLite: BEGIN IMMEDIATE).</summary>
    static abstract ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// SQL run first in an append's transaction to serialise appends to one session across processes (binds
    /// <c>@session_id</c>), or null when the write transaction already excludes other writers.
    /// </summary>
    static abstract string? LedgerLockSql { get; }

    /// <summary>SQL run first in a migration's transaction so that concurrent migrations run one at a time, or null.</summary>
    static abstract string? MigrationLockSql { get; }

    /// <summary>
    /// SQL run when a migration ends (also after a failure) to release a lock that outlives transactions (MariaDB's
    /// GET_LOCK: its DDL commits implicitly, so no transaction-scoped lock survives it), or null (the default) when
    /// <see cref="MigrationLockSql"/> ends with the transaction.
    /// </summary>
    static virtual string? MigrationUnlockSql => null;

    /// <summary>
    /// The typed error for a driver exception: <see cref="DuplicateKeyException"/> for a unique violation,
    /// <see cref="TransientStorageException"/> for an unreachable server; null to let the exception through.
    /// </summary>
    static abstract StorageException? MapError(Exception error, in SqlErrorContext context);

    /// <summary>True when <paramref name="error"/> leaves the connection unusable, so it must not go back to the pool.</summary>
    static abstract bool BreaksConnection(Exception error);
}
