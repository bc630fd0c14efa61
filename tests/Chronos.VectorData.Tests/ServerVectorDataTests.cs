using Chronos.Storage.Milvus;
using Chronos.Storage.Pinecone;
using Chronos.Storage.Qdrant;
using Chronos.Storage.RedisVector;
using Chronos.Storage.VectorConformance;
using Chronos.Storage.Vectors;
using Chronos.Storage.Weaviate;

namespace Chronos.VectorData.Tests;

// The MEVD contract on each server backend, live, with the same variables as the adapters' own live suites
// (tests/Chronos.Storage.*.Tests/*LiveTests.cs); skipped with the reason when a variable is not set. What a backend
// cannot do is checked as a refusal before any request (VectorDataConformanceTests.SupportsAsync).

/// <summary>Qdrant: <c>CHRONOS_TEST_QDRANT</c> = gRPC URL[;apiKey].</summary>
public sealed class QdrantVectorDataLiveTests : VectorDataConformanceTests
{
    private const string Variable = "CHRONOS_TEST_QDRANT";

    protected override string? SkipReason => LiveServer.SkipUnless(Variable, "Qdrant server");

    protected override Task<IVectorStore> CreateChronosStoreAsync()
    {
        var (endpoint, secret) = LiveServer.EndpointAndSecret(Variable);
        return Task.FromResult<IVectorStore>(new QdrantVectorStore(new QdrantVectorStoreOptions { Endpoint = endpoint, ApiKey = secret }));
    }
}

/// <summary>Pinecone: <c>CHRONOS_TEST_PINECONE</c> = apiKey;indexName (index of dimension 24).</summary>
public sealed class PineconeVectorDataLiveTests : VectorDataConformanceTests
{
    private const string Variable = "CHRONOS_TEST_PINECONE";

    protected override string? SkipReason => LiveServer.SkipUnless(Variable, "Pinecone project");

    protected override Task AfterWriteAsync() => Task.Delay(TimeSpan.FromSeconds(10));

    protected override Task<IVectorStore> CreateChronosStoreAsync()
    {
        var parts = LiveServer.Setting(Variable)!.Split(';', 2);
        return Task.FromResult<IVectorStore>(new PineconeVectorStore(new PineconeVectorStoreOptions
        {
            ApiKey = parts[0],
            IndexName = parts.Length > 1 ? parts[1] : "chronos-conformance",
        }));
    }
}

/// <summary>Weaviate: <c>CHRONOS_TEST_WEAVIATE</c> = URL[;apiKey].</summary>
public sealed class WeaviateVectorDataLiveTests : VectorDataConformanceTests
{
    private const string Variable = "CHRONOS_TEST_WEAVIATE";

    protected override string? SkipReason => LiveServer.SkipUnless(Variable, "Weaviate server");

    protected override Task<IVectorStore> CreateChronosStoreAsync()
    {
        var (endpoint, secret) = LiveServer.EndpointAndSecret(Variable);
        return Task.FromResult<IVectorStore>(new WeaviateVectorStore(new WeaviateVectorStoreOptions { Endpoint = endpoint, ApiKey = secret }));
    }
}

/// <summary>Milvus: <c>CHRONOS_TEST_MILVUS</c> = URL[;token].</summary>
public sealed class MilvusVectorDataLiveTests : VectorDataConformanceTests
{
    private const string Variable = "CHRONOS_TEST_MILVUS";

    protected override string[] RefusedFilterConstructs => ["== null"];

    protected override string? SkipReason => LiveServer.SkipUnless(Variable, "Milvus server");

    protected override Task<IVectorStore> CreateChronosStoreAsync()
    {
        var (endpoint, secret) = LiveServer.EndpointAndSecret(Variable);
        return Task.FromResult<IVectorStore>(new MilvusVectorStore(new MilvusVectorStoreOptions { Endpoint = endpoint, Token = secret }));
    }
}

/// <summary>Redis Stack (RediSearch): <c>CHRONOS_TEST_REDIS_STACK</c> = DSN. FLAT index: exact top-k.</summary>
public sealed class RedisVectorDataLiveTests : VectorDataConformanceTests
{
    private const string Variable = "CHRONOS_TEST_REDIS_STACK";

    protected override string[] RefusedFilterConstructs => [" < ", " <= ", " > ", " >= ", "== null"];

    protected override string? SkipReason => LiveServer.SkipUnless(Variable, "Redis Stack server");

    protected override async Task<IVectorStore> CreateChronosStoreAsync() =>
        await RedisVectorStore.OpenAsync(RedisVectorStoreOptions.FromDsn(LiveServer.Setting(Variable)!, "chronos-mevd-test:") with
        {
            Algorithm = RedisVectorAlgorithm.Flat,
        });
}
