using System.Text.Json.Nodes;
using Chronos.Storage.VectorConformance.Http;
using Chronos.Storage.VectorHttp;
using Chronos.Storage.Vectors;
using Xunit;

namespace Chronos.Storage.Pinecone.Tests;

/// <summary>
/// The adapter against Pinecone's documented API: every request must be exactly the one in the fixture (written from
/// the API reference section it names), and the documented answers, including error bodies, must be understood.
/// </summary>
public sealed partial class PineconeContractTests
{
    private const string ApiKey = "pc-test-key-123";

    private static readonly PineconeVectorStoreOptions Options = new()
    {
        ApiKey = ApiKey,
        IndexName = "chronos-test",
        Retry = new VectorHttpRetry { MaxRetries = 3, BaseDelay = TimeSpan.Zero },
    };

    private static (PineconeVectorStore Store, FixtureReplayHandler Handler) Open(string fixture)
    {
        var handler = FixtureReplayHandler.FromFixture(fixture);
        return (new PineconeVectorStore(Options, new HttpClient(handler)), handler);
    }

    [Fact]
    public async Task CreateCollection_creates_a_cosine_serverless_index_waits_for_it_and_creates_the_namespace()
    {
        var (store, handler) = Open("create-collection-new-index.json");
        await store.CreateCollectionAsync("kb", 4);
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task CreateCollection_on_an_existing_namespace_of_the_same_dimension_sends_nothing_more()
    {
        var (store, handler) = Open("create-collection-idempotent.json");
        await store.CreateCollectionAsync("kb", 4);
        await store.CreateCollectionAsync("kb", 4);
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task CreateCollection_with_another_dimension_is_a_typed_conflict()
    {
        var (store, handler) = Open("create-collection-other-dimension.json");
        var error = await Assert.ThrowsAsync<VectorCollectionDimensionConflictException>(() => store.CreateCollectionAsync("kb", 8));
        Assert.Equal((4, 8), (error.ExistingDimension, error.RequestedDimension));
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task Upsert_and_query_send_the_documented_bodies_and_parse_matches_in_score_order()
    {
        var (store, handler) = Open("upsert-and-query.json");
        var first = new Embedding
        {
            Id = "doc 1/ü",
            Vector = new float[] { 1, 0, 0, 0 },
            Metadata = new JsonObject { ["group"] = "g1", ["n"] = 1, ["nested"] = new JsonObject { ["x"] = new JsonArray(1, 2) } },
            Content = "first",
        };
        var second = new Embedding { Id = "doc-2", Vector = new float[] { 0.5f, 0.5f, 0, 0 } };

        await store.UpsertAsync("kb", [first, second]);
        var hits = await store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 2, new VectorSearchOptions
        {
            MetadataEquals = new Dictionary<string, JsonValue> { ["n"] = JsonValue.Create(1), ["group"] = JsonValue.Create("g1") },
        });

        handler.AssertAllConsumed();
        // The fixture answers doc-2 first; the engine re-checks the filter (doc-2 has no metadata) and the order.
        var hit = Assert.Single(hits);
        Assert.Equal("doc 1/ü", hit.Embedding.Id);
        Assert.Equal(1.0f, hit.Score);
        Assert.Equal("first", hit.Embedding.Content);
        Assert.True(JsonNode.DeepEquals(first.Metadata, hit.Embedding.Metadata), hit.Embedding.Metadata?.ToJsonString());
        Assert.Equal([1f, 0, 0, 0], hit.Embedding.Vector.ToArray());
    }

    [Fact]
    public async Task Delete_and_DeleteCollection_follow_the_reference_and_a_missing_namespace_is_not_an_error()
    {
        var (store, handler) = Open("delete-and-drop.json");
        await store.DeleteAsync("kb", ["doc-1", "never-existed"]);
        await store.DeleteCollectionAsync("kb");
        await store.DeleteCollectionAsync("kb");
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task A_missing_namespace_is_a_typed_not_found_error_and_no_query_is_sent()
    {
        var (store, handler) = Open("missing-collection.json");
        var error = await Assert.ThrowsAsync<VectorCollectionNotFoundException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3));
        Assert.Equal(("pinecone", "kb"), (error.Backend, error.Collection));
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task A_query_of_the_wrong_dimension_is_refused_before_it_is_sent()
    {
        var (store, handler) = Open("create-collection-idempotent.json");
        await Assert.ThrowsAsync<VectorDimensionMismatchException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0 }, 3));
        handler.AssertAllConsumed();
        Assert.DoesNotContain(handler.SeenRequests, r => r.Contains("/query", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_data_plane_error_body_becomes_a_typed_error_with_the_services_message()
    {
        var (store, handler) = Open("query-error-body.json");
        var error = await Assert.ThrowsAsync<VectorServiceException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3));
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("code 3: Metadata filter is invalid: $eq operator expects a primitive value", error.ServiceMessage);
        Assert.Contains("'Search' on collection 'kb'", error.Message);
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task A_control_plane_error_reports_the_service_message_and_never_the_api_key()
    {
        var (store, handler) = Open("unauthorized.json");
        var error = await Assert.ThrowsAsync<VectorServiceException>(() => store.CreateCollectionAsync("kb", 4));
        Assert.Equal(401, error.StatusCode);
        Assert.Equal("UNAUTHENTICATED: Invalid API Key", error.ServiceMessage);
        Assert.DoesNotContain(ApiKey, error.ToString());
        Assert.DoesNotContain(ApiKey, Options.ToString());
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task Upsert_is_retried_after_429_and_503()
    {
        // Each retry is counted on the Chronos.Storage meter (StorageTelemetry.RetriesMetric), tagged with the backend.
        long retries = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Chronos.Storage.Telemetry.StorageTelemetry.Name && instrument.Name == Chronos.Storage.Telemetry.StorageTelemetry.RetriesMetric)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "db.system.name" && (string?)tag.Value == "pinecone") Interlocked.Add(ref retries, value);
            }
        });
        listener.Start();

        var (store, handler) = Open("retry-429-503.json");
        await store.UpsertAsync("kb", [new Embedding { Id = "a", Vector = new float[] { 0, 0, 1, 0 } }]);
        handler.AssertAllConsumed();
        Assert.Equal(2, Interlocked.Read(ref retries));
    }

    [Fact]
    public async Task An_index_with_another_metric_is_a_configuration_error()
    {
        var (store, handler) = Open("euclidean-index.json");
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3));
        Assert.Contains("'euclidean'", error.Message);
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task Large_upserts_are_split_into_batches_the_service_accepts()
    {
        // 250 embeddings of 4 dimensions: batches of 100, 100, 50, each a separate request.
        var exchanges = HttpFixture.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "create-collection-idempotent.json")).Exchanges.ToList();
        var docs = Enumerable.Range(0, 250).Select(i => new Embedding { Id = $"d{i}", Vector = new float[] { 1, i, 0, 0 } }).ToArray();
        foreach (var chunk in docs.Chunk(100))
        {
            var body = new JsonObject
            {
                ["namespace"] = "kb",
                ["vectors"] = new JsonArray(chunk.Select(d => (JsonNode)new JsonObject
                {
                    ["id"] = d.Id,
                    ["values"] = new JsonArray(d.Vector.ToArray().Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
                    ["metadata"] = new JsonObject { ["chronos_content"] = "" },
                }).ToArray()),
            };
            exchanges.Add(exchanges[1] with
            {
                Doc = "Pinecone API 2025-10 > Data plane > Upsert vectors: at most 1000 records / 2 MB per request",
                Method = "POST",
                Url = "https://chronos-test-bhnyigt.svc.aped-4627-b74a.pinecone.io/vectors/upsert",
                RequestBody = body,
                ResponseBody = new JsonObject { ["upsertedCount"] = chunk.Length },
            });
        }
        var handler = new FixtureReplayHandler(new HttpFixture("batched upsert", exchanges));
        await using var store = new PineconeVectorStore(Options, new HttpClient(handler));

        await store.UpsertAsync("kb", docs);

        handler.AssertAllConsumed();
    }
}
