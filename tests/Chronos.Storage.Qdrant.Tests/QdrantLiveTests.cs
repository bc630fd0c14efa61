using Chronos.Storage.VectorConformance;
using Chronos.Storage.Vectors;

namespace Chronos.Storage.Qdrant.Tests;

/// <summary>
/// The vector conformance suite against a real Qdrant when <c>CHRONOS_TEST_QDRANT</c> holds its gRPC URL (e.g.
/// <c>http://localhost:6334</c>), optionally followed by <c>;apiKey</c>. Skipped otherwise.
/// </summary>
public sealed class QdrantLiveTests : VectorStoreConformanceTests
{
    private const string Variable = "CHRONOS_TEST_QDRANT";

    protected override string? SkipReason => LiveServer.SkipUnless(Variable, "Qdrant server");

    protected override Task<IVectorStore> CreateStoreAsync()
    {
        var (endpoint, secret) = LiveServer.EndpointAndSecret(Variable);
        return Task.FromResult<IVectorStore>(new QdrantVectorStore(new QdrantVectorStoreOptions { Endpoint = endpoint, ApiKey = secret }));
    }
}
