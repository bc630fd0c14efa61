using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using Chronos.Storage.Schema;
using Chronos.Storage.Sql;
using Npgsql;
using NpgsqlTypes;

namespace Chronos.Storage.Postgres;

/// <summary>
/// PostgreSQL's side of the shared SQL layer: instants as <c>timestamptz</c>, JSON as <c>jsonb</c> (bound as text
/// typed Jsonb), a transaction-scoped advisory lock per session so that appends are gap-free across processes, one per
/// schema for migrations, and Npgsql's errors mapped to the typed storage errors.
/// </summary>
public readonly struct PostgresDialect : ISqlDialectMapping
{
    /// <inheritdoc />
    public static string DialectName => "postgres";

    /// <inheritdoc />
    public static string BackendName => "postgres";

    /// <inheritdoc />
    public static bool SynchronousIo => false;

    /// <inheritdoc />
    public static DbParameter CreateParameter(DbCommand command, string name, FieldKind kind) => new NpgsqlParameter
    {
        ParameterName = name,
        NpgsqlDbType = kind switch
        {
            FieldKind.String => NpgsqlDbType.Text,
            FieldKind.Int32 => NpgsqlDbType.Integer,
            FieldKind.Int64 => NpgsqlDbType.Bigint,
            FieldKind.Double => NpgsqlDbType.Double,
            FieldKind.Boolean => NpgsqlDbType.Boolean,
            FieldKind.DateTime => NpgsqlDbType.TimestampTz,
            FieldKind.Json => NpgsqlDbType.Jsonb,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No PostgreSQL type for this field kind."),
        },
    };

    /// <inheritdoc />
    public static void SetDateTime(DbParameter parameter, DateTime value) => parameter.Value = value;

    /// <inheritdoc />
    public static DateTime GetDateTime(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    /// <inheritdoc />
    /// <remarks>NpgsqlCommand's typed method: its <c>DbCommand</c> override wraps this one in an async method per call.</remarks>
    public static Task ExecuteReaderAsync(DbCommand command, CommandBehavior behavior, CancellationToken cancellationToken) =>
        ((NpgsqlCommand)command).ExecuteReaderAsync(behavior, cancellationToken);

    /// <inheritdoc />
    public static DbDataReader ExecutedReader(Task executed) => ((Task<NpgsqlDataReader>)executed).Result;

    /// <inheritdoc />
    public static async ValueTask<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>
    /// Held until the transaction ends. Under READ COMMITTED the next statement (MAX(seq_num)+1) takes a fresh
    /// snapshot after the lock is granted, so it sees the previous holder's committed insert: no gap, no duplicate,
    /// whichever process the appends come from. Keyed by schema and session so unrelated sessions do not wait.
    /// The same statement queues the watch notification (<see cref="PostgresStorage.LedgerChannel"/>): PostgreSQL
    /// delivers it only when the transaction commits, so a watcher is woken exactly when the append is visible, at no
    /// extra round trip. Its payload is the md5 of schema and session, fixed-length whatever the session id's size.
    /// </remarks>
    public static string? LedgerLockSql =>
        "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':chronos.ledger:' || @session_id)), " +
        "pg_notify('" + PostgresStorage.LedgerChannel + "', " + PostgresStorage.LedgerNotificationPayloadSql + ")";

    /// <inheritdoc />
    public static string? MigrationLockSql => "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':chronos.migrate'))";

    /// <inheritdoc />
    public static StorageException? MapError(Exception error, in SqlErrorContext context) => error switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique => context.Duplicate(context.FieldsOfConstraint(unique.ConstraintName), unique),
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } auth =>
            new StorageConfigurationException($"postgres: the server refused the credentials ({auth.SqlState}); check the DSN's user and password.", auth),
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } database =>
            new StorageConfigurationException($"postgres: {database.MessageText}; create the database or fix the DSN.", database),
        PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } denied => PrivilegeMissing(denied, context),
        _ when IsTransient(error) => new TransientStorageException(BackendName, context.Operation, error),
        _ => null,
    };

    /// <summary>
    /// 42501: the DSN's role lacks a privilege (typically CREATE on the schema when migrating). Names the operation, the
    /// statement that was refused (its start: DDL or DML of this library, no data) and the server's own words.
    /// </summary>
    private static StorageConfigurationException PrivilegeMissing(PostgresException denied, in SqlErrorContext context)
    {
        var sql = denied.BatchCommand?.CommandText ?? denied.InternalQuery;
        var step = sql is null ? "" : $" at \"{Shorten(sql.ReplaceLineEndings(" ").Trim())}\"";
        return new StorageConfigurationException(
            $"postgres: {context.Operation}{step} was refused: {denied.MessageText} (42501, insufficient privilege). " +
            "Grant the DSN's role that privilege (CREATE on the schema for migrations), or migrate with a role that has it.", denied);

        static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "...";
    }

    /// <inheritdoc />
    public static bool BreaksConnection(Exception error) => error is NpgsqlException and not PostgresException || IsServerGoingAway(error);

    private static bool IsTransient(Exception error) => error switch
    {
        PostgresException postgres => postgres.IsTransient || IsServerGoingAway(postgres),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SocketException or IOException or TimeoutException => true,
        _ => false,
    };

    // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx connection exceptions.
    private static bool IsServerGoingAway(Exception error) =>
        error is PostgresException { SqlState: var state } && (state.StartsWith("57P0", StringComparison.Ordinal) || state.StartsWith("08", StringComparison.Ordinal));
}
