using Chronos.Storage.Milvus;
using Chronos.Storage.Pinecone;
using Chronos.Storage.VectorConformance.Http;
using Chronos.Storage.VectorHttp;
using Chronos.Storage.Vectors;
using Chronos.Storage.Weaviate;
using Microsoft.Extensions.VectorData;
using Xunit;
using Xunit.Sdk;

namespace Chronos.VectorData.Tests;

/// <summary>A record of the Pinecone fixture's shape (4 dimensions, metadata group and n).</summary>
public sealed class Doc
{
    [VectorStoreKey] public string Id { get; set; } = "";
    [VectorStoreData(StorageName = "group")] public string Group { get; set; } = "";
    [VectorStoreData(StorageName = "n")] public int N { get; set; }
    [VectorStoreVector(4)] public ReadOnlyMemory<float> Embedding { get; set; }
}

/// <summary>
/// The MEVD collection on the server adapters through their fixture transports (the services' documented exchanges,
/// replayed; no server): the requests a collection sends are exactly the documented ones, and what a backend cannot do
/// is refused before any request.
/// </summary>
public sealed class FixtureTransportTests
{
    private static readonly VectorHttpRetry NoRetry = new() { MaxRetries = 1, BaseDelay = TimeSpan.Zero };

    [Fact]
    public async Task Pinecone_upsert_and_filtered_search_send_the_documented_requests()
    {
        var handler = FixtureReplayHandler.FromFixture("pinecone-upsert-and-search.json");
        await using var pinecone = new PineconeVectorStore(new PineconeVectorStoreOptions { ApiKey = "pc-test-key-123", IndexName = "chronos-test", Retry = NoRetry }, new HttpClient(handler));
        var docs = new ChronosVectorStore(pinecone).GetCollection("kb", DocVectorRecordMapping.Instance);

        await docs.UpsertAsync(
        [
            new Doc { Id = "doc 1/ü", Group = "g1", N = 1, Embedding = new float[] { 1, 0, 0, 0 } },
            new Doc { Id = "doc-2", Group = "g2", N = 2, Embedding = new float[] { 0.5f, 0.5f, 0, 0 } },
        ]);
        var hits = await docs.SearchAsync(new float[] { 1, 0, 0, 0 }, 2, new() { Filter = d => d.Group == "g1" && d.N == 1, IncludeVectors = true }).ToListAsync();

        handler.AssertAllConsumed();
        var hit = Assert.Single(hits);
        Assert.Equal(("doc 1/ü", "g1", 1, 1d), (hit.Record.Id, hit.Record.Group, hit.Record.N, hit.Score));
        Assert.Equal([1f, 0, 0, 0], hit.Record.Embedding.ToArray());
    }

    public static TheoryData<string> HttpBackends() => ["weaviate"];

    private static IVectorStore Open(string backend, HttpMessageHandler handler) => backend switch
    {
        "pinecone" => new PineconeVectorStore(new PineconeVectorStoreOptions { ApiKey = "k", IndexName = "i", Retry = NoRetry }, new HttpClient(handler)),
        "weaviate" => new WeaviateVectorStore(new WeaviateVectorStoreOptions { Endpoint = new Uri("http://weaviate.test:8080"), Retry = NoRetry }, new HttpClient(handler)),
        _ => new MilvusVectorStore(new MilvusVectorStoreOptions { Endpoint = new Uri("http://milvus.test:19530"), Retry = NoRetry }, new HttpClient(handler)),
    };

    [Theory]
    [MemberData(nameof(HttpBackends))]
    public async Task What_the_backend_cannot_do_is_refused_before_any_request_naming_the_construct_and_the_backend(string backend)
    {
        var handler = new NoRequestHandler();
        await using var chronos = Open(backend, handler);
        var store = new ChronosVectorStore(chronos);
        var docs = store.GetCollection("kb", DocVectorRecordMapping.Instance);
        var query = new float[] { 1, 0, 0, 0 };
        var groups = new[] { "g1", "g2" };

        var or = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => docs.SearchAsync(query, 2, new() { Filter = d => d.Group == "g1" || d.N > 1 }).ToListAsync().AsTask());
        Assert.Equal(backend, or.Backend);
        Assert.Contains("||", or.Message);
        var notEqual = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => docs.SearchAsync(query, 2, new() { Filter = d => d.Group == "g1" && d.N != 2 }).ToListAsync().AsTask());
        Assert.Contains("n != 2", notEqual.Message);
        await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => docs.SearchAsync(query, 2, new() { Filter = d => groups.Contains(d.Group) }).ToListAsync().AsTask());
        await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => docs.GetAsync(d => d.N == 1, 5).ToListAsync().AsTask());
        Assert.Equal(0, handler.Requests);
    }

    [Fact]
    public async Task What_Pinecone_cannot_express_is_refused_before_any_request_naming_the_construct()
    {
        var handler = new NoRequestHandler();
        await using var chronos = Open("pinecone", handler);
        var docs = new ChronosVectorStore(chronos).GetCollection("kb", DocVectorRecordMapping.Instance);
        var refused = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() =>
            docs.SearchAsync(new float[] { 1, 0, 0, 0 }, 2, new() { Filter = d => d.Group == "g1" && !(d.N > 1) }).ToListAsync().AsTask());
        Assert.Equal("pinecone", refused.Backend);
        Assert.Contains("n > 1", refused.Message);
        Assert.Equal(0, handler.Requests);
    }

    private sealed class NoRequestHandler : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            throw new XunitException($"no request may be sent, got {request.Method} {request.RequestUri}");
        }
    }
}
