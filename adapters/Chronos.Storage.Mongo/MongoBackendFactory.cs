using Chronos.Storage.Mongo;
using Chronos.Storage.Providers;

[assembly: StorageBackendCapabilities("MongoDB")]
[assembly: StorageBackend<MongoBackendFactory>("mongo", Options = ["database"])]

namespace Chronos.Storage.Mongo;

/// <summary>
/// Opens <see cref="MongoStorage"/> from configuration (<c>backend: mongo</c>, <c>dsn: mongodb://user:pass@host:27017/chronos</c>,
/// or <c>dsn: mongodb://localhost:27017</c> with <c>options: { database: chronos }</c>).
/// </summary>
public sealed class MongoBackendFactory : IStorageBackendFactory
{
    /// <inheritdoc />
    /// <remarks>
    /// Uses the constructor, not <see cref="MongoStorage.OpenAsync"/>: that one migrates, and the factory contract leaves
    /// migration to the caller (<c>migrate: false</c> must be honoured). The driver connects on first use.
    /// </remarks>
    public static ValueTask<IStorage> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IStorage>(new MongoStorage(new MongoStorageOptions(options.RequireDsn(), options.GetOption("database"))));
    }
}
