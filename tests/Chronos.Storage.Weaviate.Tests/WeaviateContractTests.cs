using System.Text.Json.Nodes;
using Chronos.Storage.VectorConformance.Http;
using Chronos.Storage.VectorHttp;
using Chronos.Storage.Vectors;
using Xunit;

namespace Chronos.Storage.Weaviate.Tests;

/// <summary>The adapter against Weaviate's REST and GraphQL references, replayed from fixtures that name their sections.</summary>
public sealed partial class WeaviateContractTests
{
    private static readonly WeaviateVectorStoreOptions Options = new()
    {
        Endpoint = new Uri("http://weaviate.test:8080"),
        ApiKey = "wv-test-key",
        Retry = new VectorHttpRetry { MaxRetries = 1, BaseDelay = TimeSpan.Zero },
    };

    private static (WeaviateVectorStore Store, FixtureReplayHandler Handler) Open(string fixture)
    {
        var handler = FixtureReplayHandler.FromFixture(fixture);
        return (new WeaviateVectorStore(Options, new HttpClient(handler)), handler);
    }

    private static readonly VectorSearchOptions GroupAndN = new()
    {
        MetadataEquals = new Dictionary<string, JsonValue> { ["n"] = JsonValue.Create(1), ["group"] = JsonValue.Create("g1") },
    };

    [Fact]
    public async Task CreateCollection_creates_a_cosine_class_without_vectorizer_and_records_the_dimension()
    {
        var (store, handler) = Open("create-collection.json");
        await store.CreateCollectionAsync("kb", 4);
        await store.CreateCollectionAsync("kb", 4);
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task Upsert_batches_objects_under_stable_uuids_and_search_sends_a_typed_where_filter()
    {
        var (store, handler) = Open("upsert-and-search.json");
        var doc = new Embedding
        {
            Id = "doc 1/ü", Vector = new float[] { 1, 0, 0, 0 }, Metadata = new JsonObject { ["group"] = "g1", ["n"] = 1 }, Content = "first",
        };
        await store.UpsertAsync("kb", [doc]);

        var hits = await store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 2, GroupAndN);

        handler.AssertAllConsumed();
        var hit = Assert.Single(hits);
        Assert.Equal(("doc 1/ü", 1f, "first"), (hit.Embedding.Id, hit.Score, hit.Embedding.Content));
        Assert.True(JsonNode.DeepEquals(doc.Metadata, hit.Embedding.Metadata));
        Assert.Equal([1f, 0, 0, 0], hit.Embedding.Vector.ToArray());
    }

    [Fact]
    public async Task A_filter_on_a_property_that_does_not_exist_matches_nothing_without_a_query()
    {
        var (store, handler) = Open("filter-unknown-property.json");
        var hits = await store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 2, new VectorSearchOptions
        {
            MetadataEquals = new Dictionary<string, JsonValue> { ["missing_key"] = JsonValue.Create(1) },
        });
        Assert.Empty(hits);
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task Delete_and_DeleteCollection_follow_the_reference()
    {
        var (store, handler) = Open("delete-and-drop.json");
        await store.DeleteAsync("kb", ["doc 1/ü", "never-existed"]);
        await store.DeleteCollectionAsync("kb");
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task Errors_inside_http_200_bodies_become_typed_errors_with_the_services_message()
    {
        var (store, handler) = Open("errors-in-200.json");
        var upsert = await Assert.ThrowsAsync<VectorServiceException>(() => store.UpsertAsync("kb", [new Embedding
        {
            Id = "doc 1/ü", Vector = new float[] { 1, 0, 0, 0 }, Metadata = new JsonObject { ["group"] = "g1", ["n"] = 1 }, Content = "first",
        }]));
        Assert.Contains("not a string, but float64", upsert.ServiceMessage);
        var search = await Assert.ThrowsAsync<VectorServiceException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3));
        Assert.Contains("vector lengths don't match", search.ServiceMessage);
        Assert.DoesNotContain("wv-test-key", search.ToString());
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task Get_reads_objects_by_their_stable_uuid_and_collections_are_the_classes_Chronos_created()
    {
        var (store, handler) = Open("get-and-list.json");
        var got = await store.GetAsync("kb", ["h5", "missing"]);
        var only = Assert.Single(got);
        Assert.Equal(("h5", "fifth", "g2"), (only.Id, only.Content, only.Metadata!["group"]!.GetValue<string>()));
        Assert.Equal([0f, 0, 1, 0], only.Vector.ToArray());
        Assert.Equal(["A_docs", "Kb"], await store.ListCollectionsAsync());
        handler.AssertAllConsumed();
    }
}
