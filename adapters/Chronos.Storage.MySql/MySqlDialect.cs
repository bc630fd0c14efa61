using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using Chronos.Storage.Schema;
using Chronos.Storage.Sql;
using MySqlConnector;

namespace Chronos.Storage.MySql;

/// <summary>
/// MariaDB's (and MySQL's) side of the shared SQL layer. Instants are BIGINT Unix microseconds (<see cref="StorageTime"/>,
/// as on SQLite: exact, ordered, no session time zone, DateTime.MinValue fits), JSON is the JSON type bound as text,
/// strings are utf8mb4_bin (case-sensitive ids, as on every other backend). Write transactions run READ COMMITTED;
/// appends to one session are serialised by a row lock in <c>chronos_ledger_lock</c> (a transaction-scoped lock, the
/// counterpart of PostgreSQL's advisory xact lock), migrations by a named GET_LOCK, which survives the implicit
/// commits of DDL and is released by <see cref="MigrationUnlockSql"/>.
/// </summary>
public readonly struct MySqlDialect : ISqlDialectMapping
{
    /// <summary>The length of the key and of indexed string columns, in characters (the generator's MySqlDialectRules).</summary>
    public const int IndexedStringLength = 255;

    /// <summary>
    /// The session settings every connection runs with: double-quoted identifiers (the shared layer's and the generated
    /// SQL's), strict errors instead of silent truncation, backslashes as plain characters in literals.
    /// </summary>
    internal const string SessionSetup =
        "SET SESSION sql_mode = 'ANSI_QUOTES,STRICT_ALL_TABLES,NO_BACKSLASH_ESCAPES,NO_ZERO_IN_DATE,NO_ZERO_DATE," +
        "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', NAMES utf8mb4 COLLATE utf8mb4_bin";

    // GET_LOCK names are at most 64 characters: the database name is hashed.
    private const string MigrationLockName = "CONCAT('chronos.migrate:', SHA1(DATABASE()))";

    /// <inheritdoc />
    public static string DialectName => "mysql";

    /// <inheritdoc />
    public static string BackendName => "mysql";

    /// <inheritdoc />
    public static bool SynchronousIo => false;

    /// <inheritdoc />
    public static DbParameter CreateParameter(DbCommand command, string name, FieldKind kind) => new MySqlParameter
    {
        ParameterName = name,
        MySqlDbType = kind switch
        {
            FieldKind.String => MySqlDbType.VarChar,
            FieldKind.Int32 => MySqlDbType.Int32,
            FieldKind.Int64 or FieldKind.DateTime => MySqlDbType.Int64,
            FieldKind.Double => MySqlDbType.Double,
            FieldKind.Boolean => MySqlDbType.Bool,
            FieldKind.Json => MySqlDbType.LongText,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No MySQL type for this field kind."),
        },
    };

    /// <inheritdoc />
    /// <remarks>MySqlCommand's typed method: no async wrapper of ours per read.</remarks>
    public static Task ExecuteReaderAsync(DbCommand command, CommandBehavior behavior, CancellationToken cancellationToken) =>
        ((MySqlCommand)command).ExecuteReaderAsync(behavior, cancellationToken);

    /// <inheritdoc />
    public static DbDataReader ExecutedReader(Task executed) => ((Task<MySqlDataReader>)executed).Result;

    /// <inheritdoc />
    /// <remarks>
    /// READ COMMITTED: after the ledger lock is granted, MAX(seq_num)+1 reads the previous holder's committed insert
    /// (InnoDB's default REPEATABLE READ would also, as no consistent read precedes it, but this does not depend on it),
    /// and InnoDB takes no gap locks, so unrelated inserts do not deadlock on each other.
    /// </remarks>
    public static async ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((MySqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>
    /// Upserting the session's row in <c>chronos_ledger_lock</c> row-locks it until the transaction ends, so appends to one
    /// session wait for each other whichever process or connection they come from; other sessions do not wait.
    /// </remarks>
    public static string? LedgerLockSql =>
        "INSERT INTO \"chronos_ledger_lock\" (\"session_id\") VALUES (@session_id) ON DUPLICATE KEY UPDATE \"session_id\" = \"session_id\"";

    /// <inheritdoc />
    /// <remarks>Waits up to 10 minutes; GET_LOCK is per database (hashed name) and per connection.</remarks>
    public static string? MigrationLockSql => $"DO GET_LOCK({MigrationLockName}, 600)";

    /// <inheritdoc />
    public static string? MigrationUnlockSql => $"DO RELEASE_LOCK({MigrationLockName})";

    /// <inheritdoc />
    public static StorageException? MapError(Exception error, in SqlErrorContext context) => error switch
    {
        MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry } duplicate =>
            context.Duplicate(context.FieldsOfConstraint(KeyNameOf(duplicate.Message)), duplicate),
        // The upsert's guard: the clashing row has another key, so the clash was on a declared unique index.
        MySqlException { ErrorCode: MySqlErrorCode.ColumnCannotBeNull } guard when QuotedName(guard.Message) == context.Schema.Key.StorageName =>
            context.Duplicate(FirstUniqueIndexFields(context), guard),
        MySqlException { ErrorCode: MySqlErrorCode.DataTooLong } tooLong =>
            new FieldTooLongException(context.Schema.EntityName, context.Key, QuotedName(tooLong.Message) ?? "?", tooLong),
        MySqlException { ErrorCode: MySqlErrorCode.AccessDenied or MySqlErrorCode.DatabaseAccessDenied } auth =>
            new StorageConfigurationException($"mysql: the server refused the credentials or the database ({(int)auth.ErrorCode}); check the DSN's user, password and database.", auth),
        MySqlException { ErrorCode: MySqlErrorCode.UnknownDatabase } database =>
            new StorageConfigurationException($"mysql: the database named in the DSN does not exist ({(int)database.ErrorCode}); create it or fix the DSN.", database),
        _ when IsTransient(error) => new TransientStorageException(BackendName, context.Operation, error),
        _ => null,
    };

    /// <inheritdoc />
    public static bool BreaksConnection(Exception error) => error switch
    {
        // A deadlock or lock-wait timeout rolls back the statement or transaction; the connection stays usable.
        MySqlException { ErrorCode: MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout } => false,
        MySqlException mySql => IsConnectionLost(mySql),
        _ => error is SocketException or IOException or TimeoutException or MySqlEndOfStreamException,
    };

    private static bool IsTransient(Exception error) => error switch
    {
        MySqlException { ErrorCode: MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout } => true,
        MySqlException mySql => mySql.IsTransient || IsConnectionLost(mySql),
        SocketException or IOException or TimeoutException or MySqlEndOfStreamException => true,
        _ => false,
    };

    // Client-side codes (no server answer) and the server saying it is going away.
    private static bool IsConnectionLost(MySqlException error) =>
        error.ErrorCode is MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.ServerShutdown or MySqlErrorCode.CommandTimeoutExpired
            or MySqlErrorCode.ConnectionCountError or MySqlErrorCode.TooManyUserConnections
        || error.InnerException is SocketException or IOException or TimeoutException or MySqlEndOfStreamException
        || error.Message.Contains("Connection must be Open", StringComparison.Ordinal);

    // "Duplicate entry 'x' for key 'ux_events_by_session_seq'": the last quoted name (MariaDB may prefix the table).
    private static string? KeyNameOf(string message)
    {
        var end = message.LastIndexOf('\'');
        var start = end > 0 ? message.LastIndexOf('\'', end - 1) : -1;
        return start < 0 ? null : message[(start + 1)..end];
    }

    // "Column 'id' cannot be null" / "Data too long for column 'agent_id' at row 1": the first quoted name.
    private static string? QuotedName(string message)
    {
        var start = message.IndexOf('\'');
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end < 0 ? null : message[(start + 1)..end];
    }

    private static string FirstUniqueIndexFields(in SqlErrorContext context)
    {
        foreach (var index in context.Schema.Indexes)
        {
            if (index.IsUnique) return context.FieldsOfConstraint("ux_" + context.Schema.StorageName + "_" + index.Name);
        }
        return context.Schema.Key.StorageName;
    }
}
