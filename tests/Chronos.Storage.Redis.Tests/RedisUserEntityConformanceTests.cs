using Chronos.Storage.Conformance;

namespace Chronos.Storage.Redis.Tests;

/// <summary>The user-entity and migration suite on Redis, one key prefix per test (reopened across entity versions).</summary>
[RequiresTestServer(TestServers.Redis)]
public sealed class RedisUserEntityConformanceTests : UserEntityConformanceTests, IAsyncDisposable
{
    private readonly string _prefix = RedisTestServer.NewPrefix("user");

    protected override Task<IStorage> OpenAsync() => Task.FromResult<IStorage>(RedisTestServer.Single.Open(_prefix));

    public async ValueTask DisposeAsync() => await RedisTestServer.Single.DropAsync(_prefix);
}
