using System.Data.Common;
using Chronos.Storage.Providers;
using Chronos.Storage.Sql;
using MySqlConnector;

namespace Chronos.Storage.MySql;

/// <summary>
/// <see cref="IStorage"/> on MariaDB 10.11+ (or MySQL), on the shared SQL layer exactly as PostgreSQL is. Connections
/// are opened by MySqlConnector with its pool off and held open by the shared layer with their prepared statements;
/// each new connection first sets the session's <c>sql_mode</c> and collation (<see cref="MySqlDialect"/>). After the
/// server goes away, calls fail with <see cref="TransientStorageException"/>; once it is back the same instance
/// reconnects on the next call.
/// </summary>
public sealed class MySqlStorage : SqlStorageEngine<MySqlDialect>
{
    /// <inheritdoc />
    /// <remarks>
    /// A row travels as one statement, which must fit in the server's <c>max_allowed_packet</c>: 16 MiB by default in
    /// MariaDB 10.11 and MySQL 8 (the test server's is 16,777,216). LONGTEXT itself holds 4 GiB. 1 MiB is kept for the
    /// statement text and the other parameters; a server configured with a larger packet still gets this limit.
    /// </remarks>
    public override BackendLimits Limits => MySqlLimits;

    private static readonly BackendLimits MySqlLimits = new()
    {
        MaxRecordBytes = 15L * 1024 * 1024,
        Source = "max_allowed_packet (16 MiB default)",
    };

    /// <summary>Creates the store (connects lazily, on the first call).</summary>
    /// <exception cref="StorageConfigurationException">The DSN is malformed.</exception>
    public MySqlStorage(MySqlStorageOptions options) : this(Build(Guard.NotNull(options, nameof(options))))
    {
    }

    private MySqlStorage((SqlConnectionSource<MySqlDialect> Source, MySqlDsn Dsn) parts)
        : base(parts.Source) => Dsn = parts.Dsn;

    /// <summary>The parsed DSN.</summary>
    public MySqlDsn Dsn { get; }

    /// <summary>
    /// Opens <paramref name="dsn"/> and, unless <see cref="MySqlStorageOptions.Migrate"/> is false, creates or upgrades
    /// the schema under a named lock.
    /// </summary>
    public static async Task<MySqlStorage> OpenAsync(string dsn, MySqlStorageOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = (options ?? new MySqlStorageOptions()) with { Dsn = dsn };
        return await MigrateOrDisposeAsync(new MySqlStorage(options), options.Migrate, cancellationToken).ConfigureAwait(false);
    }

    private static (SqlConnectionSource<MySqlDialect>, MySqlDsn) Build(MySqlStorageOptions options)
    {
        var dsn = MySqlDsn.Parse(options.Dsn);
        var settings = new MySqlConnectionStringBuilder(dsn.Builder.ConnectionString)
        {
            // The shared SQL layer pools open connections itself (with their prepared statements); a second pool
            // underneath would hand back dead sockets after a server restart.
            Pooling = false,
        };
        var connectionString = settings.ConnectionString;
        var pool = new SqlConnectionPool(ct => OpenConnectionAsync(connectionString, ct), Math.Max(1, options.MaxConnections));
        return (new SqlConnectionSource<MySqlDialect>(pool, pool), dsn);
    }

    private static async ValueTask<DbConnection> OpenConnectionAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var setup = new MySqlCommand(MySqlDialect.SessionSetup, connection);
            await setup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
