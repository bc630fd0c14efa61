using Chronos.Storage.Conformance;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// A test class with its own migrated store under a key prefix no other test uses, whose keys are deleted afterwards.
/// Without a test server (and not required) nothing is opened; the <see cref="ServerFactAttribute"/> tests then skip.
/// </summary>
public abstract class RedisStoreTest(string owner) : IAsyncLifetime
{
    /// <summary>The key prefix of <see cref="Store"/>.</summary>
    protected string Prefix { get; } = RedisTestServer.NewPrefix(owner);

    /// <summary>The store under test.</summary>
    protected RedisStorage Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (TestServers.Find(TestServers.Redis) is null && !TestServers.AreRequired) return;
        Store = RedisTestServer.Single.Open(Prefix);
        await Store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (Store is null) return;
        await Store.DisposeAsync();
        await RedisTestServer.Single.DropAsync(Prefix);
    }
}
