using Chronos.Storage.Postgres;
using Chronos.Storage.Providers;

[assembly: StorageBackendCapabilities("PostgreSQL",
    JsonIndexLimitation = "json fields are jsonb columns, and the generated B-tree index and ORDER BY compare scalar columns only")]
[assembly: StorageBackend<PostgresBackendFactory>("postgres", Options = ["max_connections"])]

namespace Chronos.Storage.Postgres;

/// <summary>Opens <see cref="PostgresStorage"/> from configuration (<c>backend: postgres</c>, <c>dsn: ${DATABASE_URL}</c>).</summary>
public sealed class PostgresBackendFactory : IStorageBackendFactory
{
    /// <inheritdoc />
    public static async ValueTask<IStorage> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken)
    {
        var settings = new PostgresStorageOptions { Dsn = options.RequireDsn(), Migrate = false };
        if (options.GetOption("max_connections") is { } connections)
        {
            settings = settings with { MaxConnections = BackendOption.PositiveInt(options, "max_connections", connections) };
        }
        return await PostgresStorage.OpenAsync(settings.Dsn, settings, cancellationToken).ConfigureAwait(false);
    }
}
