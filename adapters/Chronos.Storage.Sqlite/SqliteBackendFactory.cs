using Chronos.Storage.Providers;
using Chronos.Storage.Sqlite;

[assembly: StorageBackendCapabilities("SQLite",
    JsonIndexLimitation = "json fields are TEXT columns whose text order is not the value order, and the generated index and ORDER BY compare scalar columns only")]
[assembly: StorageBackend<SqliteBackendFactory>("sqlite", Options = ["max_readers"])]

namespace Chronos.Storage.Sqlite;

/// <summary>Opens <see cref="SqliteStorage"/> from configuration (<c>backend: sqlite</c>, <c>dsn: chronos.db</c>).</summary>
public sealed class SqliteBackendFactory : IStorageBackendFactory
{
    /// <inheritdoc />
    public static async ValueTask<IStorage> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken)
    {
        var settings = new SqliteStorageOptions { Dsn = options.RequireDsn(), Migrate = false };
        if (options.GetOption("max_readers") is { } readers)
        {
            settings = settings with { MaxReaders = BackendOption.PositiveInt(options, "max_readers", readers) };
        }
        return await SqliteStorage.OpenAsync(settings.Dsn, settings, cancellationToken).ConfigureAwait(false);
    }
}
