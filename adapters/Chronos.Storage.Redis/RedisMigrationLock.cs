using StackExchange.Redis;

namespace Chronos.Storage.Redis;

/// <summary>
/// A per-entity migration lock: <c>SET key token NX PX</c>, released only by its owner. The expiry bounds how long a
/// crashed migrator blocks the next one; the next one then repeats the (idempotent) steps.
/// </summary>
internal sealed class RedisMigrationLock : IAsyncDisposable
{
    private static readonly TimeSpan Expiry = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(5);

    private readonly RedisContext _context;
    private readonly string _key;
    private readonly string _token;

    private RedisMigrationLock(RedisContext context, string key, string token)
    {
        _context = context;
        _key = key;
        _token = token;
    }

    public static async Task<RedisMigrationLock> AcquireAsync(RedisContext context, string storageName, CancellationToken cancellationToken)
    {
        var key = context.Keys.SchemaKey + ":lock:{" + RedisKeys.Escape(storageName) + "}";
        var token = Guid.NewGuid().ToString("N");
        var deadline = DateTime.UtcNow + Wait;
        while (!await RedisContext.Run(context.Database.StringSetAsync(key, token, Expiry, When.NotExists), "lock migration of " + storageName, cancellationToken)
                   .ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TransientStorageException(RedisContext.Backend, "lock migration of " + storageName,
                    new TimeoutException($"'{key}' stayed locked by another migration for {Wait.TotalMinutes} minutes"));
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        return new RedisMigrationLock(context, key, token);
    }

    public async ValueTask DisposeAsync() =>
        await _context.Database.ScriptEvaluateAsync(RedisScripts.DeleteLocator, [_key], [_token]).ConfigureAwait(false);
}
