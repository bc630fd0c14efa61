using System.Data;
using System.Data.Common;
using Chronos.Storage.Schema;
using Chronos.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Chronos.Storage.Sqlite;

/// <summary>
/// SQLite's side of the shared SQL layer: instants as INTEGER Unix microseconds (<see cref="StorageTime"/>), JSON as
/// TEXT, writes in BEGIN IMMEDIATE transactions (which already exclude every other writer, so no extra ledger lock),
/// and SQLite's error codes mapped to the typed storage errors.
/// </summary>
public readonly struct SqliteDialect : ISqlDialectMapping
{
    private const int SqliteConstraint = 19;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    /// <inheritdoc />
    public static string DialectName => "sqlite";

    /// <inheritdoc />
    public static string BackendName => "sqlite";

    /// <inheritdoc />
    public static bool SynchronousIo => true;

    /// <inheritdoc />
    public static DbParameter CreateParameter(DbCommand command, string name, FieldKind kind) => new SqliteParameter
    {
        ParameterName = name,
        SqliteType = kind switch
        {
            FieldKind.String or FieldKind.Json => SqliteType.Text,
            FieldKind.Double => SqliteType.Real,
            _ => SqliteType.Integer,
        },
    };

    /// <inheritdoc />
    public static Task ExecuteReaderAsync(DbCommand command, CommandBehavior behavior, CancellationToken cancellationToken) =>
        command.ExecuteReaderAsync(behavior, cancellationToken);

    /// <inheritdoc />
    public static DbDataReader ExecutedReader(Task executed) => ((Task<DbDataReader>)executed).Result;

    /// <inheritdoc />
    public static ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // deferred: false = BEGIN IMMEDIATE: the write lock is taken now, so MAX(seq_num)+1 read in this transaction
        // cannot be raced by another process.
        return ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    /// <inheritdoc />
    public static string? LedgerLockSql => null;

    /// <inheritdoc />
    public static string? MigrationLockSql => null;

    /// <inheritdoc />
    public static StorageException? MapError(Exception error, in SqlErrorContext context) => error switch
    {
        SqliteException { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: SqliteConstraintPrimaryKey or SqliteConstraintUnique } unique =>
            context.Duplicate(ConstrainedColumns(unique.Message) ?? context.Schema.Key.StorageName, unique),
        SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked } busy => new TransientStorageException(BackendName, context.Operation, busy),
        _ => null,
    };

    /// <inheritdoc />
    public static bool BreaksConnection(Exception error) => false;

    /// <summary>"UNIQUE constraint failed: events.session_id, events.seq_num" -> "session_id, seq_num".</summary>
    internal static string? ConstrainedColumns(string message)
    {
        const string marker = "constraint failed: ";
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0) return null;
        var list = message[(start + marker.Length)..];
        var end = list.IndexOf('\'');
        if (end >= 0) list = list[..end];
        var columns = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < columns.Length; i++)
        {
            var dot = columns[i].LastIndexOf('.');
            if (dot >= 0) columns[i] = columns[i][(dot + 1)..];
        }
        return columns.Length == 0 ? null : string.Join(", ", columns);
    }
}
