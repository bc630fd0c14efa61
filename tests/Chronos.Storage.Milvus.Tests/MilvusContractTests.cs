using System.Text.Json.Nodes;
using Chronos.Storage.VectorConformance.Http;
using Chronos.Storage.VectorHttp;
using Chronos.Storage.Vectors;
using Xunit;

namespace Chronos.Storage.Milvus.Tests;

/// <summary>The adapter against the Milvus REST API v2 reference, replayed from fixtures that name their sections.</summary>
public sealed partial class MilvusContractTests
{
    private static readonly MilvusVectorStoreOptions Options = new()
    {
        Endpoint = new Uri("http://milvus.test:19530"),
        Token = "root:Milvus",
        Retry = new VectorHttpRetry { MaxRetries = 2, BaseDelay = TimeSpan.Zero },
    };

    private static (MilvusVectorStore Store, FixtureReplayHandler Handler) Open(string fixture)
    {
        var handler = FixtureReplayHandler.FromFixture(fixture);
        return (new MilvusVectorStore(Options, new HttpClient(handler)), handler);
    }

    [Fact]
    public async Task CreateCollection_sends_the_documented_schema_and_cosine_index()
    {
        var (store, handler) = Open("create-collection.json");
        await store.CreateCollectionAsync("kb", 4);
        await store.CreateCollectionAsync("kb", 4);
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task CreateCollection_with_another_dimension_is_a_typed_conflict_and_sends_no_create()
    {
        var (store, handler) = Open("existing-collection.json");
        var error = await Assert.ThrowsAsync<VectorCollectionDimensionConflictException>(() => store.CreateCollectionAsync("kb", 5));
        Assert.Equal((4, 5), (error.ExistingDimension, error.RequestedDimension));
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task Upsert_and_filtered_search_use_parameters_and_the_distance_is_the_score()
    {
        var (store, handler) = Open("upsert-and-search.json");
        var first = new Embedding
        {
            Id = "doc 1/ü", Vector = new float[] { 1, 0, 0, 0 }, Metadata = new JsonObject { ["group"] = "g1", ["n"] = 1 }, Content = "first",
        };
        await store.UpsertAsync("kb", [first, new Embedding { Id = "doc-2", Vector = new float[] { 0.5f, 0.5f, 0, 0 } }]);

        var hits = await store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 2, new VectorSearchOptions
        {
            MetadataEquals = new Dictionary<string, JsonValue> { ["n"] = JsonValue.Create(1), ["group"] = JsonValue.Create("g1") },
        });

        handler.AssertAllConsumed();
        var hit = Assert.Single(hits);
        Assert.Equal(("doc 1/ü", 1f, "first"), (hit.Embedding.Id, hit.Score, hit.Embedding.Content));
        Assert.True(JsonNode.DeepEquals(first.Metadata, hit.Embedding.Metadata));
        Assert.Equal([1f, 0, 0, 0], hit.Embedding.Vector.ToArray());
    }

    [Fact]
    public async Task Delete_passes_ids_as_parameters_and_dropping_a_missing_collection_is_fine()
    {
        var (store, handler) = Open("delete-and-drop.json");
        await store.DeleteAsync("kb", ["doc-1", "it's \"odd\""]);
        await store.DeleteCollectionAsync("kb");
        await store.DeleteCollectionAsync("kb");
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task A_missing_collection_is_a_typed_not_found_error()
    {
        var (store, handler) = Open("missing-collection.json");
        var error = await Assert.ThrowsAsync<VectorCollectionNotFoundException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3));
        Assert.Equal("milvus", error.Backend);
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task A_failure_code_inside_an_http_200_body_is_a_typed_error_with_the_message()
    {
        var (store, handler) = Open("error-in-200.json");
        var error = await Assert.ThrowsAsync<VectorServiceException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3));
        Assert.Equal(101, error.StatusCode);
        Assert.Equal("collection not loaded[collection=kb]", error.ServiceMessage);
        Assert.DoesNotContain("root:Milvus", error.ToString());
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task A_503_is_retried()
    {
        var (store, handler) = Open("retry-503.json");
        await store.UpsertAsync("kb", [new Embedding { Id = "a", Vector = new float[] { 0, 0, 1, 0 } }]);
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task A_wrong_dimension_is_refused_before_anything_is_sent()
    {
        var (store, handler) = Open("existing-collection.json");
        await Assert.ThrowsAsync<VectorDimensionMismatchException>(
            () => store.UpsertAsync("kb", [new Embedding { Id = "a", Vector = new float[] { 0, 1 } }]));
        handler.AssertAllConsumed();
        Assert.Single(handler.SeenRequests);
    }

    [Fact]
    public async Task A_collection_with_another_metric_is_a_configuration_error()
    {
        var (store, handler) = Open("l2-collection.json");
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3));
        Assert.Contains("L2", error.Message);
        handler.AssertAllConsumed();
    }
}
