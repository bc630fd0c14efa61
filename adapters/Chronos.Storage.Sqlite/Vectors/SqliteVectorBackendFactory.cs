using Chronos.Storage.Providers;
using Chronos.Storage.Sqlite.Vectors;
using Chronos.Storage.Vectors;

[assembly: VectorBackend<SqliteVectorBackendFactory>("sqlite")]

namespace Chronos.Storage.Sqlite.Vectors;

/// <summary>
/// Opens the embedded <see cref="SqliteVectorStore"/> from a <c>vector:</c> section (<c>backend: sqlite</c>,
/// <c>dsn: vectors.db</c>, <c>:memory:</c> or a <c>Data Source=...</c> connection string, read like the storage DSN).
/// </summary>
public sealed class SqliteVectorBackendFactory : IVectorBackendFactory
{
    /// <inheritdoc />
    public static ValueTask<IVectorStore> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IVectorStore>(new SqliteVectorStore(ToStoreOptions(options)));
    }

    /// <summary>The store options a <c>vector:</c> section stands for.</summary>
    /// <exception cref="StorageConfigurationException">The DSN is missing or invalid.</exception>
    public static SqliteVectorStoreOptions ToStoreOptions(StorageBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dsn = options.RequireDsn();
        try
        {
            return new SqliteVectorStoreOptions { ConnectionString = SqliteDsn.Parse(dsn).ConnectionString };
        }
        catch (StorageConfigurationException e)
        {
            throw new StorageConfigurationException($"{options.Source}: {e.Message}", e);
        }
    }
}
