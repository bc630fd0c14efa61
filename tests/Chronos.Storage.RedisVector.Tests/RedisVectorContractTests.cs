using System.Text.Json.Nodes;
using Chronos.Storage.Redis;
using Chronos.Storage.Vectors;
using StackExchange.Redis;
using Xunit;

namespace Chronos.Storage.RedisVector.Tests;

/// <summary>
/// The adapter, through the real StackExchange.Redis client, against a fake RESP2 server replaying fixtures written
/// from the Redis command reference (each exchange names its section): the exact command arrays sent and the parsing
/// of the documented replies, errors included.
/// </summary>
public sealed class RedisVectorContractTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _open = [];

    private async Task<(RedisVectorStore Store, FakeRedisServer Server)> OpenAsync(
        string fixture, string keyPrefix = "", RedisVectorAlgorithm algorithm = RedisVectorAlgorithm.Hnsw, string? password = null)
    {
        var server = FakeRedisServer.Replaying(fixture);
        _open.Add(server);
        var configuration = server.ClientOptions(password);
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        _open.Add(connection);
        var options = new RedisVectorStoreOptions
        {
            Connection = new RedisStorageOptions { Configuration = configuration, KeyPrefix = keyPrefix },
            Algorithm = algorithm,
        };
        var store = new RedisVectorStore(connection, options);
        _open.Add(store);
        return (store, server);
    }

    [Fact]
    public async Task CreateCollection_sends_FT_CREATE_with_a_cosine_vector_field_and_is_then_a_no_op()
    {
        var (store, server) = await OpenAsync("create-collection.json");
        await store.CreateCollectionAsync("kb", 4);
        await store.CreateCollectionAsync("kb", 4);
        server.AssertAllConsumed();
    }

    [Fact]
    public async Task CreateCollection_of_an_existing_index_reads_its_dimension_and_sends_no_create()
    {
        var (store, server) = await OpenAsync("existing-collection.json");
        await store.CreateCollectionAsync("kb", 4);
        server.AssertAllConsumed();
    }

    [Fact]
    public async Task CreateCollection_with_another_dimension_is_a_typed_conflict()
    {
        var (store, server) = await OpenAsync("existing-collection.json");
        var error = await Assert.ThrowsAsync<VectorCollectionDimensionConflictException>(() => store.CreateCollectionAsync("kb", 5));
        Assert.Equal((4, 5), (error.ExistingDimension, error.RequestedDimension));
        Assert.Equal("redis-vector", error.Backend);
        server.AssertAllConsumed();
    }

    [Fact]
    public async Task A_concurrent_create_on_an_older_RediSearch_is_read_back_from_the_dimension_marker()
    {
        var (store, server) = await OpenAsync("legacy-info-race.json", keyPrefix: "app1:", algorithm: RedisVectorAlgorithm.Flat);
        var error = await Assert.ThrowsAsync<VectorCollectionDimensionConflictException>(() => store.CreateCollectionAsync("kb", 4));
        Assert.Equal((8, 4), (error.ExistingDimension, error.RequestedDimension));
        server.AssertAllConsumed();
    }

    [Fact]
    public async Task Upsert_and_search_send_parameterised_KNN_queries_and_turn_distances_into_similarities()
    {
        var (store, server) = await OpenAsync("upsert-and-search.json");
        var first = new Embedding
        {
            Id = "doc 1/ü", Vector = new float[] { 1, 0, 0, 0 }, Metadata = new JsonObject { ["group"] = "g1", ["n"] = 1 }, Content = "first",
        };
        await store.UpsertAsync("kb", [first, new Embedding { Id = "doc-2", Vector = new float[] { 0.5f, 0.5f, 0, 0 } }]);

        // 1.0 must find the stored 1 (numbers compare by value); the keys go out in ordinal order.
        var filtered = await store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 2, new VectorSearchOptions
        {
            MetadataEquals = new Dictionary<string, JsonValue> { ["n"] = JsonValue.Create(1.0), ["group"] = JsonValue.Create("g1") },
        });
        var all = await store.SearchAsync("kb", new float[] { 0, 1, 0, 0 }, 12);

        server.AssertAllConsumed();
        var hit = Assert.Single(filtered);
        Assert.Equal("doc 1/ü", hit.Embedding.Id);
        Assert.Equal("first", hit.Embedding.Content);
        Assert.Equal(1f, hit.Score);
        Assert.True(JsonNode.DeepEquals(first.Metadata, hit.Embedding.Metadata));
        Assert.Equal(new float[] { 1, 0, 0, 0 }, hit.Embedding.Vector.ToArray());

        Assert.Equal(["doc-2", "doc 1/ü"], all.Select(h => h.Embedding.Id));
        Assert.Equal(Math.Sqrt(0.5), all[0].Score, 6);
        Assert.Equal(0f, all[1].Score);
        Assert.Null(all[0].Embedding.Metadata);
        Assert.Equal("", all[0].Embedding.Content);
    }

    [Fact]
    public async Task Delete_sends_one_DEL_per_key_and_DeleteCollection_drops_with_documents_and_ignores_a_missing_index()
    {
        var (store, server) = await OpenAsync("delete-and-drop.json");
        await store.DeleteAsync("kb", ["a", "never-existed"]);
        await store.DeleteCollectionAsync("kb");
        await store.DeleteCollectionAsync("kb");
        server.AssertAllConsumed();
    }

    [Fact]
    public async Task An_index_dropped_by_another_client_is_a_typed_not_found_and_the_cached_dimension_is_forgotten()
    {
        var (store, server) = await OpenAsync("dropped-during-search.json");
        var error = await Assert.ThrowsAsync<VectorCollectionNotFoundException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3));
        Assert.Equal("Search", error.Operation);
        await Assert.ThrowsAsync<VectorCollectionNotFoundException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3));
        server.AssertAllConsumed();
    }

    [Fact]
    public async Task A_query_blob_size_error_is_a_typed_dimension_mismatch()
    {
        var (store, server) = await OpenAsync("dimension-changed.json");
        var error = await Assert.ThrowsAsync<VectorDimensionMismatchException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3));
        Assert.Equal((5, 4), (error.ExpectedDimension, error.ActualDimension));
        server.AssertAllConsumed();
    }

    [Fact]
    public async Task An_index_with_another_metric_is_a_configuration_error()
    {
        var (store, server) = await OpenAsync("l2-collection.json");
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3));
        Assert.Contains("L2", error.Message);
        server.AssertAllConsumed();
    }

    [Fact]
    public async Task A_server_error_carries_its_message_and_never_the_password()
    {
        var (store, server) = await OpenAsync("wrongtype.json", password: "s3cret-pw");
        var error = await Assert.ThrowsAsync<VectorServiceException>(
            () => store.UpsertAsync("kb", [new Embedding { Id = "a", Vector = new float[] { 0, 0, 1, 0 } }]));
        Assert.Equal("WRONGTYPE Operation against a key holding the wrong kind of value", error.ServiceMessage);
        Assert.Equal("Upsert", error.Operation);
        Assert.Contains("AUTH", server.HandshakeCommands);
        Assert.DoesNotContain("s3cret-pw", error.ToString());
        server.AssertAllConsumed();
    }

    [Fact]
    public async Task A_stored_vector_of_the_wrong_length_is_a_typed_error_naming_the_hit()
    {
        var (store, server) = await OpenAsync("corrupt-hit.json");
        var error = await Assert.ThrowsAsync<VectorServiceException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3));
        Assert.Contains("'x'", error.ServiceMessage);
        Assert.Contains("8 bytes", error.ServiceMessage);
        server.AssertAllConsumed();
        Assert.DoesNotContain("INFO", server.HandshakeCommands); // disabled by the command map: the handshake stays minimal
    }

    [Fact]
    public async Task A_wrong_dimension_is_refused_before_anything_is_sent()
    {
        var (store, server) = await OpenAsync("existing-collection.json");
        await Assert.ThrowsAsync<VectorDimensionMismatchException>(
            () => store.UpsertAsync("kb", [new Embedding { Id = "a", Vector = new float[] { 0, 1 } }]));
        await Assert.ThrowsAsync<VectorDimensionMismatchException>(() => store.SearchAsync("kb", new float[] { 0, 1, 0, 0, 0 }, 1));
        server.AssertAllConsumed();
        Assert.Single(server.SeenCommands);
    }

    private static JsonValue J(string s) => JsonValue.Create(s);

    [Fact]
    public async Task Filters_become_query_syntax_get_uses_HMGET_listing_pages_FT_SEARCH_and_collections_come_from_FT_LIST()
    {
        var (store, server) = await OpenAsync("filters-get-list.json");
        var filter = new VectorFilterAnd(
            new VectorFilterAnd(
                new VectorFilterOr(new VectorFilterComparison("city", VectorFilterOperator.NotEqual, J("Oslo")), new VectorFilterComparison("stars", VectorFilterOperator.Equal, JsonValue.Create(5))),
                new VectorFilterContains("tags", J("spa"))),
            new VectorFilterNot(new VectorFilterIn("city", [J("Rome"), J("Paris")])));
        var hits = await store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3, new VectorSearchOptions { Filter = filter });
        Assert.Equal(("h5", 1f), (Assert.Single(hits).Embedding.Id, hits[0].Score));

        var got = await store.GetAsync("kb", ["h5", "missing", "h1", "h5"]);
        Assert.Equal(["h5", "h1"], got.Select(e => e.Id));
        Assert.Equal([0f, 1, 0, 0], got[1].Vector.ToArray());
        Assert.Equal("c-h1", got[1].Content);

        var listed = await store.QueryAsync("kb", new VectorFilterContains("tags", J("spa")), skip: 1, top: 5);
        Assert.Equal(["h3", "h5"], listed.Select(e => e.Id));

        Assert.Equal(["a_docs", "kb"], await store.ListCollectionsAsync());
        server.AssertAllConsumed();
    }

    [Fact]
    public async Task Ranges_and_null_comparisons_are_refused_naming_the_construct_before_any_command()
    {
        var (store, server) = await OpenAsync("existing-collection.json");
        var range = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3,
            new VectorSearchOptions { Filter = new VectorFilterOr(new VectorFilterComparison("city", VectorFilterOperator.Equal, J("Oslo")), new VectorFilterComparison("stars", VectorFilterOperator.GreaterThan, JsonValue.Create(2))) }));
        Assert.Contains("redis-vector", range.Message);
        Assert.Contains("'stars > 2'", range.Message);
        Assert.Contains("NUMERIC", range.Message);
        var missing = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => store.QueryAsync("kb", new VectorFilterComparison("city", VectorFilterOperator.Equal, null), 0, 5));
        Assert.Contains("'city == null'", missing.Message);
        Assert.Empty(server.SeenCommands);
    }

    [Fact]
    public void Array_items_get_their_own_tokens_apart_from_equal_scalars()
    {
        var tokens = RedisVectorFilterTokens.ForMetadata(new JsonObject { ["tags"] = new JsonArray("spa", "spa", 2), ["city"] = "spa" }).Split(',');
        Assert.Equal(new[] { RedisVectorFilterTokens.ItemToken("tags", J("spa"))!, RedisVectorFilterTokens.ItemToken("tags", JsonValue.Create(2))!, RedisVectorFilterTokens.Token("city", J("spa"))! }, tokens);
        Assert.NotEqual(RedisVectorFilterTokens.ItemToken("city", J("spa")), RedisVectorFilterTokens.Token("city", J("spa")));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _open.Count - 1; i >= 0; i--)
        {
            await _open[i].DisposeAsync();
        }
    }
}
