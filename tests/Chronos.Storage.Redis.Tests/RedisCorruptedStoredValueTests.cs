using Chronos.Storage.Conformance;
using StackExchange.Redis;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// Corrupted stored values in Redis: the record's hash field is overwritten with HSET. The record hash is found by its
/// <c>id</c> field among the test's own keys, so the test depends on no key layout.
/// </summary>
[RequiresTestServer(TestServers.Redis)]
public sealed class RedisCorruptedStoredValueTests : CorruptedStoredValueTests
{
    private readonly string _prefix = RedisTestServer.NewPrefix("corrupt");

    protected override Task<IStorage> CreateStoreAsync() => Task.FromResult<IStorage>(RedisTestServer.Single.Open(_prefix));

    protected override async Task<bool> CorruptStoredFieldAsync(IStorage store, string storageName, string id, string storageField, string rawJsonText)
    {
        var database = RedisTestServer.Single.Database;
        foreach (var key in RedisTestServer.Single.Keys(_prefix))
        {
            if (await database.KeyTypeAsync(key) != RedisType.Hash || await database.HashGetAsync(key, "id") != id) continue;
            if (!await database.HashExistsAsync(key, storageField)) continue;
            await database.HashSetAsync(key, storageField, rawJsonText);
            return true;
        }
        return false;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await RedisTestServer.Single.DropAsync(_prefix);
    }
}
