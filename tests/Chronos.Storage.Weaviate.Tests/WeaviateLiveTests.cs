using Chronos.Storage.VectorConformance;
using Chronos.Storage.Vectors;

namespace Chronos.Storage.Weaviate.Tests;

/// <summary>
/// The vector conformance suite against a real Weaviate when <c>CHRONOS_TEST_WEAVIATE</c> holds its URL, optionally
/// followed by <c>;apiKey</c>. Skipped otherwise.
/// </summary>
public sealed class WeaviateLiveTests : VectorStoreConformanceTests
{
    private const string Variable = "CHRONOS_TEST_WEAVIATE";

    protected override string? SkipReason => LiveServer.SkipUnless(Variable, "Weaviate server");

    protected override Task<IVectorStore> CreateStoreAsync()
    {
        var (endpoint, secret) = LiveServer.EndpointAndSecret(Variable);
        return Task.FromResult<IVectorStore>(new WeaviateVectorStore(new WeaviateVectorStoreOptions { Endpoint = endpoint, ApiKey = secret }));
    }
}
