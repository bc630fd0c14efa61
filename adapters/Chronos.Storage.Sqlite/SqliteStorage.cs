using System.Data.Common;
using Chronos.Storage.Providers;
using Chronos.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace Chronos.Storage.Sqlite;

/// <summary>
/// <see cref="IStorage"/> on SQLite, the embedded default. A file database runs in WAL mode with one writer
/// connection (SQLite allows one writer at a time; queuing in-process is cheaper than busy retries) and a few reader
/// connections that read while it writes; <c>:memory:</c> uses one shared connection. Every connection keeps its
/// prepared statements.
/// </summary>
public sealed class SqliteStorage : SqlStorageEngine<SqliteDialect>
{
    /// <inheritdoc />
    /// <remarks>
    /// SQLITE_MAX_LENGTH, the largest string or BLOB (one field) and also the largest row: 1,000,000,000 bytes in the
    /// library's default build (Microsoft.Data.Sqlite's e_sqlite3).
    /// </remarks>
    public override BackendLimits Limits => SqliteLimits;

    private static readonly BackendLimits SqliteLimits = new()
    {
        MaxFieldBytes = 1_000_000_000,
        MaxRecordBytes = 1_000_000_000,
        Source = "SQLITE_MAX_LENGTH (default build)",
    };

    /// <summary>Opens the database named by <paramref name="options"/> (creating a file database if missing, in WAL mode).</summary>
    /// <exception cref="StorageConfigurationException">The DSN is malformed or the file cannot be opened.</exception>
    public SqliteStorage(SqliteStorageOptions options) : this(SqliteDsn.Parse(Guard.NotNull(options, nameof(options)).Dsn), options)
    {
    }

    private SqliteStorage(SqliteDsn dsn, SqliteStorageOptions options) : base(CreateSource(dsn, options)) => Dsn = dsn;

    /// <summary>The parsed DSN.</summary>
    public SqliteDsn Dsn { get; }

    /// <summary>
    /// Opens <paramref name="dsn"/> (<c>myapp.db</c> or <c>:memory:</c>) and, unless <see cref="SqliteStorageOptions.Migrate"/>
    /// is false, creates or upgrades the schema.
    /// </summary>
    public static async Task<SqliteStorage> OpenAsync(string dsn, SqliteStorageOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = (options ?? new SqliteStorageOptions()) with { Dsn = dsn };
        return await MigrateOrDisposeAsync(new SqliteStorage(options), options.Migrate, cancellationToken).ConfigureAwait(false);
    }

    private static SqlConnectionSource<SqliteDialect> CreateSource(SqliteDsn dsn, SqliteStorageOptions options)
    {
        if (dsn.InMemory)
        {
            // A private in-memory database lives as long as its one connection: every call shares it.
            var only = new SqlConnectionPool(_ => ValueTask.FromResult<DbConnection>(Open(dsn)), 1);
            return new SqlConnectionSource<SqliteDialect>(only, only);
        }
        // Switch the file to WAL once (it is persistent), which also checks now that the file can be opened.
        using (var first = Open(dsn))
        {
            Execute(first, "PRAGMA journal_mode=WAL");
        }
        var readers = new SqlConnectionPool(_ => ValueTask.FromResult<DbConnection>(Open(dsn)), Math.Max(1, options.MaxReaders));
        var writer = new SqlConnectionPool(_ => ValueTask.FromResult<DbConnection>(Open(dsn)), 1);
        return new SqlConnectionSource<SqliteDialect>(readers, writer);
    }

    private static SqliteConnection Open(SqliteDsn dsn)
    {
        var connection = new SqliteConnection(dsn.ConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new StorageConfigurationException($"sqlite: cannot open '{dsn.DataSource}': {ex.Message}", ex);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
