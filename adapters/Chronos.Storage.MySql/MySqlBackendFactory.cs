using Chronos.Storage.MySql;
using Chronos.Storage.Providers;

[assembly: StorageBackendCapabilities("MariaDB/MySQL",
    JsonIndexLimitation = "json fields are LONGTEXT columns, which an index cannot hold without a prefix length, and their text order is not the value order")]
[assembly: StorageBackend<MySqlBackendFactory>("mysql", Options = ["max_connections"])]
[assembly: StorageBackend<MySqlBackendFactory>("mariadb", Options = ["max_connections"])]

namespace Chronos.Storage.MySql;

/// <summary>
/// Opens <see cref="MySqlStorage"/> from configuration (<c>backend: mysql</c> or <c>backend: mariadb</c>, the same
/// adapter; <c>dsn: ${DATABASE_URL}</c>).
/// </summary>
public sealed class MySqlBackendFactory : IStorageBackendFactory
{
    /// <inheritdoc />
    public static async ValueTask<IStorage> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken)
    {
        var settings = new MySqlStorageOptions { Dsn = options.RequireDsn(), Migrate = false };
        if (options.GetOption("max_connections") is { } connections)
        {
            settings = settings with { MaxConnections = BackendOption.PositiveInt(options, "max_connections", connections) };
        }
        return await MySqlStorage.OpenAsync(settings.Dsn, settings, cancellationToken).ConfigureAwait(false);
    }
}
