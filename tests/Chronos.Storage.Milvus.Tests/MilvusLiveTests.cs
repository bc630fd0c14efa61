using Chronos.Storage.VectorConformance;
using Chronos.Storage.Vectors;

namespace Chronos.Storage.Milvus.Tests;

/// <summary>
/// The vector conformance suite against a real Milvus when <c>CHRONOS_TEST_MILVUS</c> holds its URL, optionally
/// followed by <c>;token</c>. Skipped otherwise.
/// </summary>
public sealed class MilvusLiveTests : VectorStoreConformanceTests
{
    private const string Variable = "CHRONOS_TEST_MILVUS";

    protected override string[] RefusedFilterConstructs => ["== null"];

    protected override string? SkipReason => LiveServer.SkipUnless(Variable, "Milvus server");

    protected override Task<IVectorStore> CreateStoreAsync()
    {
        var (endpoint, secret) = LiveServer.EndpointAndSecret(Variable);
        return Task.FromResult<IVectorStore>(new MilvusVectorStore(new MilvusVectorStoreOptions { Endpoint = endpoint, Token = secret }));
    }
}
