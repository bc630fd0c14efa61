using Chronos.Storage.VectorConformance;
using Chronos.Storage.Vectors;

namespace Chronos.Storage.RedisVector.Tests;

/// <summary>
/// The vector conformance suite against a real Redis Stack (RediSearch 2.4+) when <c>CHRONOS_TEST_REDIS_STACK</c> holds
/// its DSN (<c>host:port</c> or <c>redis://[:password@]host:port/db</c>). Skipped otherwise: Debian's Redis has no
/// vector search, so it cannot run on this machine.
/// </summary>
public sealed class RedisVectorLiveTests : VectorStoreConformanceTests
{
    private const string Variable = "CHRONOS_TEST_REDIS_STACK";

    protected override string[] RefusedFilterConstructs => [" < ", " <= ", " > ", " >= ", "== null"];

    protected override string? SkipReason => LiveServer.SkipUnless(Variable, "Redis Stack server");

    // FLAT: exact KNN, so the suite's exact top-k expectations hold (HNSW is approximate).
    protected override async Task<IVectorStore> CreateStoreAsync() =>
        await RedisVectorStore.OpenAsync(RedisVectorStoreOptions.FromDsn(LiveServer.Setting(Variable)!, "chronos-test:") with
        {
            Algorithm = RedisVectorAlgorithm.Flat,
        });
}
