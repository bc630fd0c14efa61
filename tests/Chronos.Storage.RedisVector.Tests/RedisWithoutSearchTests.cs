using Chronos.Storage.VectorConformance;
using Chronos.Storage.Vectors;
using Xunit;

namespace Chronos.Storage.RedisVector.Tests;

/// <summary>
/// Against a plain Redis (no RediSearch), e.g. the test server of tools/test-servers (<c>CHRONOS_TEST_REDIS</c>): the
/// store says clearly that the server has no vector search instead of failing obscurely.
/// </summary>
public sealed class RedisWithoutSearchTests
{
    [SkippableFact]
    public async Task A_server_without_vector_search_is_reported_as_such()
    {
        var reason = LiveServer.SkipUnless("CHRONOS_TEST_REDIS", "plain Redis server");
        Skip.If(reason is not null, reason);
        await using var store = await RedisVectorStore.OpenAsync(LiveServer.Setting("CHRONOS_TEST_REDIS")!, "chronos-test:");
        var error = await Assert.ThrowsAsync<VectorServiceException>(() => store.CreateCollectionAsync("kb", 4));
        Assert.Equal("DescribeCollection", error.Operation);
        Assert.Contains("no vector search", error.Message);
        Assert.Contains("FT.INFO", error.ServiceMessage, StringComparison.OrdinalIgnoreCase);
    }
}
