using Chronos.Storage.Qdrant;
using Chronos.Storage.Qdrant.Tests;
using Chronos.Storage.Redis;
using Chronos.Storage.RedisVector;
using Chronos.Storage.RedisVector.Tests;
using Chronos.Storage.Vectors;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using StackExchange.Redis;
using Xunit;

namespace Chronos.VectorData.Tests;

/// <summary>
/// MEVD's get by key, filtered get, filtered search and collection listing through <see cref="ChronosVectorStore"/> on
/// Qdrant (gRPC, protobuf-level replay) and Redis (RESP-level replay through the real StackExchange.Redis client), on
/// the adapters' own fixture transports: each LINQ filter must become exactly the documented request.
/// </summary>
public sealed class ServerFixtureVectorDataTests
{
    private static readonly float[] Query = [1, 0, 0, 0];

    [Fact]
    public async Task Qdrant_get_by_key_filtered_get_filtered_search_and_collection_names()
    {
        var invoker = new GrpcFixtureInvoker("qdrant-mevd.json");
        await using var qdrant = new QdrantVectorStore(new QdrantClient(new QdrantGrpcClient(invoker)),
            new QdrantVectorStoreOptions { Endpoint = new Uri("http://qdrant.test:6334"), MaxRetries = 0 });
        await RunAsync(new ChronosVectorStore(qdrant), d => d.Group != "g1" || d.N >= 2, ["d2", "d3"], d => !(d.Group == "g2") && d.N < 3);
        invoker.AssertAllConsumed();
    }

    [Fact]
    public async Task Redis_get_by_key_filtered_get_filtered_search_and_collection_names_and_a_range_is_refused_before_any_command()
    {
        await using var server = FakeRedisServer.Replaying("redis-mevd.json");
        var configuration = server.ClientOptions();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        await using var redis = new RedisVectorStore(connection, new RedisVectorStoreOptions { Connection = new RedisStorageOptions { Configuration = configuration } });
        var store = new ChronosVectorStore(redis);
        var groups = new[] { "g1", "g3" };
        await RunAsync(store, d => d.Group != "g1" || d.N == 2, ["d2", "d3"], d => !(d.Group == "g2") && groups.Contains(d.Group));

        var refused = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() =>
            store.GetCollection("kb", DocVectorRecordMapping.Instance).SearchAsync(Query, 2, new() { Filter = d => d.N > 1 }).ToListAsync().AsTask());
        Assert.Equal("redis-vector", refused.Backend);
        Assert.Contains("n > 1", refused.Message);
        server.AssertAllConsumed();
    }

    private static async Task RunAsync(ChronosVectorStore store, System.Linq.Expressions.Expression<Func<Doc, bool>> listFilter, string[] listed,
        System.Linq.Expressions.Expression<Func<Doc, bool>> searchFilter)
    {
        var docs = store.GetCollection("kb", DocVectorRecordMapping.Instance);

        var one = await docs.GetAsync("d1", new() { IncludeVectors = true });
        Assert.Equal(("d1", "g1", 1), (one!.Id, one.Group, one.N));
        Assert.Equal([1f, 0, 0, 0], one.Embedding.ToArray());

        var matching = await docs.GetAsync(listFilter, 5).ToListAsync();
        Assert.Equal(listed, matching.Select(d => d.Id));

        var hits = await docs.SearchAsync(Query, 2, new() { Filter = searchFilter }).ToListAsync();
        Assert.Equal(("d1", 1d), (Assert.Single(hits).Record.Id, hits[0].Score));

        Assert.Equal(["a_docs", "kb"], await store.ListCollectionNamesAsync().ToListAsync());
    }
}
