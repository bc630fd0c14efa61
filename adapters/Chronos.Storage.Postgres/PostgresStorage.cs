using Chronos.Storage.Providers;
using Chronos.Storage.Sql;
using Npgsql;

namespace Chronos.Storage.Postgres;

/// <summary>
/// <see cref="IStorage"/> on PostgreSQL, for multi-node deployments. Connections come from an
/// <see cref="NpgsqlDataSource"/> built with <see cref="NpgsqlSlimDataSourceBuilder"/> (NativeAOT-clean) and are held
/// open by the shared SQL layer with their prepared statements. After the server goes away, calls fail with
/// <see cref="TransientStorageException"/>; once it is back the same instance reconnects on the next call.
/// </summary>
public sealed partial class PostgresStorage : SqlStorageEngine<PostgresDialect>
{
    /// <inheritdoc />
    /// <remarks>
    /// One text or jsonb value is at most 1 GB (PostgreSQL's varlena limit, 2^30 - 1 bytes); jsonb's binary form is
    /// somewhat larger than the JSON text, so JSON is held to 255 MiB, below jsonb's own 256 MiB (2^28) container limit.
    /// </remarks>
    public override BackendLimits Limits => PostgresLimits;

    private static readonly BackendLimits PostgresLimits = new()
    {
        MaxFieldBytes = (1L << 28) - (1L << 20),
        Source = "PostgreSQL varlena 1 GB; jsonb 256 MiB",
    };

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store (connects lazily, on the first call).</summary>
    /// <exception cref="StorageConfigurationException">The DSN is malformed.</exception>
    public PostgresStorage(PostgresStorageOptions options) : this(Build(Guard.NotNull(options, nameof(options))))
    {
    }

    private PostgresStorage((NpgsqlDataSource DataSource, SqlConnectionSource<PostgresDialect> Source, PostgresDsn Dsn) parts)
        : base(parts.Source)
    {
        _dataSource = parts.DataSource;
        Dsn = parts.Dsn;
    }

    /// <summary>The parsed DSN.</summary>
    public PostgresDsn Dsn { get; }

    /// <summary>
    /// Opens <paramref name="dsn"/> and, unless <see cref="PostgresStorageOptions.Migrate"/> is false, creates or upgrades
    /// the schema under an advisory lock.
    /// </summary>
    public static async Task<PostgresStorage> OpenAsync(string dsn, PostgresStorageOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = (options ?? new PostgresStorageOptions()) with { Dsn = dsn };
        return await MigrateOrDisposeAsync(new PostgresStorage(options), options.Migrate, cancellationToken).ConfigureAwait(false);
    }

    private static (NpgsqlDataSource, SqlConnectionSource<PostgresDialect>, PostgresDsn) Build(PostgresStorageOptions options)
    {
        var dsn = PostgresDsn.Parse(options.Dsn);
        var settings = new NpgsqlConnectionStringBuilder(dsn.Builder.ConnectionString)
        {
            // The shared SQL layer pools open connections itself (with their prepared statements); a second pool
            // underneath would hand back dead sockets after a server restart.
            Pooling = false,
        };
        var builder = new NpgsqlSlimDataSourceBuilder(settings.ConnectionString);
        var dataSource = builder.Build();
        var pool = new SqlConnectionPool(async ct => await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false), Math.Max(1, options.MaxConnections));
        return (dataSource, new SqlConnectionSource<PostgresDialect>(pool, pool), dsn);
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeCoreAsync()
    {
        await base.DisposeCoreAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
