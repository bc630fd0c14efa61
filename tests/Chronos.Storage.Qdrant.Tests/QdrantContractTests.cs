using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using Xunit;

namespace Chronos.Storage.Qdrant.Tests;

/// <summary>The adapter against Qdrant's gRPC API, replayed at the protobuf message level.</summary>
public sealed partial class QdrantContractTests
{
    private static readonly QdrantVectorStoreOptions Options = new() { Endpoint = new Uri("http://qdrant.test:6334"), RetryDelay = TimeSpan.Zero, MaxRetries = 2 };

    private static (QdrantVectorStore Store, GrpcFixtureInvoker Invoker) Open(string fixture)
    {
        var invoker = new GrpcFixtureInvoker(fixture);
        return (new QdrantVectorStore(new QdrantClient(new QdrantGrpcClient(invoker)), Options), invoker);
    }

    [Fact]
    public void String_ids_map_to_stable_version_5_uuids()
    {
        var uuid = StableUuid.For("doc 1/ü");
        Assert.Equal(uuid, StableUuid.For("doc 1/ü"));
        Assert.NotEqual(uuid, StableUuid.For("doc 1/u"));
        Assert.Equal(5, uuid.Version);
        Assert.Equal("7a1c8c0d-0a9d-5a38-9c7f-5b4a1d0a3e44".Length, uuid.ToString().Length);
    }

    [Fact]
    public async Task CreateCollection_creates_a_cosine_collection_when_missing()
    {
        var (store, invoker) = Open("create-collection.json");
        await store.CreateCollectionAsync("kb", 4);
        await store.CreateCollectionAsync("kb", 4);
        invoker.AssertAllConsumed();
    }

    [Fact]
    public async Task Upsert_sends_uuid_points_with_the_original_id_in_the_payload_and_search_maps_it_back()
    {
        var (store, invoker) = Open("upsert-and-search.json");
        var first = new Embedding
        {
            Id = "doc 1/ü", Vector = new float[] { 2, 0, 0, 0 }, Metadata = new JsonObject { ["group"] = "g1", ["n"] = 1 }, Content = "first",
        };
        await store.UpsertAsync("kb", [first]);

        var hits = await store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 2, new VectorSearchOptions
        {
            MetadataEquals = new Dictionary<string, JsonValue> { ["group"] = JsonValue.Create("g1"), ["n"] = JsonValue.Create(1) },
            MinScore = 0.5f,
        });

        invoker.AssertAllConsumed();
        var hit = Assert.Single(hits);
        Assert.Equal(("doc 1/ü", 1f, "first"), (hit.Embedding.Id, hit.Score, hit.Embedding.Content));
        Assert.True(JsonNode.DeepEquals(first.Metadata, hit.Embedding.Metadata));
        Assert.Equal([2f, 0, 0, 0], hit.Embedding.Vector.ToArray()); // stored normalized, rescaled by the saved norm
    }

    [Fact]
    public async Task Delete_uses_the_same_uuids_and_missing_collections_are_typed_errors()
    {
        var (store, invoker) = Open("delete-and-missing.json");
        await store.DeleteAsync("kb", ["doc 1/ü", "never-existed"]);
        await store.DeleteCollectionAsync("kb");
        var error = await Assert.ThrowsAsync<VectorCollectionNotFoundException>(() => store.SearchAsync("gone", new float[] { 1, 0, 0, 0 }, 1));
        Assert.Equal("gone", error.Collection);
        invoker.AssertAllConsumed();
    }

    [Fact]
    public async Task Unavailable_is_retried_and_other_statuses_carry_the_servers_message()
    {
        var (store, invoker) = Open("errors.json");
        await store.UpsertAsync("kb", [new Embedding { Id = "a", Vector = new float[] { 0, 0, 1, 0 } }]);
        var error = await Assert.ThrowsAsync<VectorServiceException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 1));
        Assert.Equal((int)Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("Wrong input: Vector dimension error", error.ServiceMessage);
        invoker.AssertAllConsumed();
    }
}
