using Chronos.Storage.Providers;
using Chronos.Storage.Redis;

[assembly: StorageBackendCapabilities("Redis",
    JsonIndexLimitation = "index entries are sorted-set members matched by an exact string and scored by a number; a json value is neither")]
[assembly: StorageBackend<RedisBackendFactory>("redis", Options = ["key_prefix"])]

namespace Chronos.Storage.Redis;

/// <summary>
/// Opens <see cref="RedisStorage"/> from configuration (<c>backend: redis</c>, <c>dsn: localhost:6379</c> or
/// <c>redis://:password@host:6379/0</c>; <c>options: { key_prefix: "app1:" }</c> to share a database).
/// </summary>
public sealed class RedisBackendFactory : IStorageBackendFactory
{
    /// <inheritdoc />
    public static async ValueTask<IStorage> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken) =>
        await RedisStorage.OpenAsync(options.RequireDsn(), options.GetOption("key_prefix"), cancellationToken).ConfigureAwait(false);
}
