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

/// <summary>A record with a list, for what Weaviate cannot filter on lists.</summary>
public sealed class TaggedDoc
{
    [VectorStoreKey] public string Id { get; set; } = "";
    [VectorStoreData(StorageName = "tags")] public string[] Tags { get; set; } = [];
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

    private static WeaviateVectorStore Weaviate(HttpMessageHandler handler) =>
        new(new WeaviateVectorStoreOptions { Endpoint = new Uri("http://weaviate.test:8080"), Retry = NoRetry }, new HttpClient(handler));

    [Fact]
    public async Task Weaviate_filtered_get_sends_one_typed_where_filter_and_returns_records_in_key_order()
    {
        var handler = FixtureReplayHandler.FromFixture("weaviate-mevd.json");
        await using var weaviate = Weaviate(handler);
        var docs = new ChronosVectorStore(weaviate).GetCollection("kb", DocVectorRecordMapping.Instance);

        var found = await docs.GetAsync(d => d.Group != "g1" && d.N > 1, 5, new() { IncludeVectors = true }).ToListAsync();

        handler.AssertAllConsumed();
        Assert.Equal([("doc-2", "g2", 2), ("doc-3", "g3", 3)], found.Select(d => (d.Id, d.Group, d.N)));
        Assert.Equal([0f, 1, 0, 0], found[0].Embedding.ToArray());
    }

    [Fact]
    public async Task What_Weaviate_cannot_express_is_refused_before_any_request_naming_the_construct()
    {
        var handler = new NoRequestHandler();
        await using var weaviate = Weaviate(handler);
        var docs = new ChronosVectorStore(weaviate).GetCollection("kb", TaggedDocVectorRecordMapping.Instance);
        var refused = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() =>
            docs.SearchAsync(new float[] { 1, 0, 0, 0 }, 2, new() { Filter = d => !d.Tags.Contains("spa") }).ToListAsync().AsTask());
        Assert.Equal("weaviate", refused.Backend);
        Assert.Contains("tags contains \"spa\"", refused.Message);
        await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => docs.GetAsync(d => d.Tags.Contains("a") || !d.Tags.Contains("spa"), 5).ToListAsync().AsTask());
        Assert.Equal(0, handler.Requests);
    }

    [Fact]
    public async Task What_Pinecone_cannot_express_is_refused_before_any_request_naming_the_construct()
    {
        var handler = new NoRequestHandler();
        await using var chronos = new PineconeVectorStore(new PineconeVectorStoreOptions { ApiKey = "k", IndexName = "i", Retry = NoRetry }, new HttpClient(handler));
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
