using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using Xunit;

namespace Chronos.Storage.VectorConformance;

/// <summary>
/// The meaning of <see cref="IVectorStore"/>, pinned once. Each adapter's test project derives one class from this,
/// supplies <see cref="CreateStoreAsync"/>, and (for servers that cannot run here) a <see cref="SkipReason"/>.
/// Every test works in its own collection and deletes it afterwards.
/// </summary>
public abstract class VectorStoreConformanceTests : IAsyncLifetime
{
    private readonly List<string> _collections = [];
    private IVectorStore? _store;

    /// <summary>
    /// The one dimension every test uses (small, but wider than one SIMD register), so that services whose collections
    /// share one dimension (a Pinecone index) can run the whole suite. Only the mismatch tests use other lengths.
    /// </summary>
    protected const int Dimension = 24;

    /// <summary>Opens the store under test.</summary>
    protected abstract Task<IVectorStore> CreateStoreAsync();

    /// <summary>Why the store cannot be tested here (for example, no server configured), or null to run.</summary>
    protected virtual string? SkipReason => null;

    /// <summary>How many embeddings the batching test upserts in one call (more than any service's batch limit).</summary>
    protected virtual int LargeUpsertCount => 1200;

    /// <summary>Waits until writes are visible to searches, for eventually consistent services. Default: nothing.</summary>
    protected virtual Task AfterWriteAsync() => Task.CompletedTask;

    /// <summary>
    /// Parts of filter text (e.g. <c>" &gt; "</c>, <c>"== null"</c>) this backend documents as refused although it has
    /// <see cref="VectorStoreCapabilities.AnyFilter"/>; a refusal of anything else fails the test.
    /// </summary>
    protected virtual string[] RefusedFilterConstructs => [];

    /// <summary>The store, opened on first use (skips the test when <see cref="SkipReason"/> says so).</summary>
    protected async Task<IVectorStore> StoreAsync()
    {
        Skip.If(SkipReason is not null, SkipReason);
        return _store ??= await CreateStoreAsync();
    }

    /// <summary>A fresh collection name, deleted after the test.</summary>
    protected string NewCollectionName()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..16];
        _collections.Add(name);
        return name;
    }

    /// <summary>A fresh collection of <paramref name="dimension"/>, created in the store.</summary>
    protected async Task<string> NewCollectionAsync(int dimension = Dimension)
    {
        var store = await StoreAsync();
        var name = NewCollectionName();
        await store.CreateCollectionAsync(name, dimension);
        return name;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_store is null)
        {
            return;
        }
        foreach (var name in _collections)
        {
            await _store.DeleteCollectionAsync(name);
        }
        await _store.DisposeAsync();
    }

    // ---- collections -------------------------------------------------------------------------------------------

    /// <summary>Creating an existing collection again is safe on start-up and keeps its vectors.</summary>
    [SkippableFact]
    public async Task CreateCollection_twice_with_the_same_dimension_is_a_no_op_that_keeps_the_data()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        var doc = VectorTestData.Make(new Random(1), Dimension, 1);
        await store.UpsertAsync(name, [doc]);

        await store.CreateCollectionAsync(name, Dimension);
        await AfterWriteAsync();

        var hits = await store.SearchAsync(name, doc.Vector, 5);
        Assert.Equal(doc.Id, Assert.Single(hits).Embedding.Id);
    }

    /// <summary>
    /// Re-creating with another dimension is refused rather than silently recreating (and emptying) the collection.
    /// </summary>
    [SkippableFact]
    public async Task CreateCollection_with_another_dimension_is_refused_and_the_collection_is_unchanged()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync(Dimension);
        var doc = VectorTestData.Make(new Random(2), Dimension, 1);
        await store.UpsertAsync(name, [doc]);

        var error = await Assert.ThrowsAsync<VectorCollectionDimensionConflictException>(() => store.CreateCollectionAsync(name, Dimension + 1));
        Assert.Equal(Dimension, error.ExistingDimension);
        Assert.Equal(Dimension + 1, error.RequestedDimension);
        Assert.Contains(name, error.Message);

        await AfterWriteAsync();
        Assert.Single(await store.SearchAsync(name, doc.Vector, 5));
    }

    /// <summary>
    /// Using a collection that does not exist is a typed error naming it, not an empty result or a vendor HTTP error.
    /// </summary>
    [SkippableFact]
    public async Task A_missing_collection_is_a_typed_error_for_upsert_search_and_delete()
    {
        var store = await StoreAsync();
        var name = NewCollectionName();
        var doc = VectorTestData.Make(new Random(3), Dimension, 1);

        var upsert = await Assert.ThrowsAsync<VectorCollectionNotFoundException>(() => store.UpsertAsync(name, [doc]));
        Assert.Equal(name, upsert.Collection);
        await Assert.ThrowsAsync<VectorCollectionNotFoundException>(() => store.SearchAsync(name, doc.Vector, 1));
        await Assert.ThrowsAsync<VectorCollectionNotFoundException>(() => store.DeleteAsync(name, [doc.Id]));
    }

    /// <summary>Deleting a collection removes it, and deleting again is idempotent.</summary>
    [SkippableFact]
    public async Task DeleteCollection_removes_it_and_deleting_a_missing_collection_is_not_an_error()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        await store.UpsertAsync(name, [VectorTestData.Make(new Random(4), Dimension, 1)]);

        await store.DeleteCollectionAsync(name);
        await store.DeleteCollectionAsync(name);

        await Assert.ThrowsAsync<VectorCollectionNotFoundException>(() => store.SearchAsync(name, VectorTestData.RandomVector(new Random(5), Dimension), 1));
        await store.CreateCollectionAsync(name, Dimension);
        await AfterWriteAsync();
        Assert.Empty(await store.SearchAsync(name, VectorTestData.RandomVector(new Random(6), Dimension), 3));
    }

    // ---- upsert and delete -------------------------------------------------------------------------------------

    /// <summary>
    /// Upserting an existing id replaces vector, metadata and content together; no stale metadata key remains.
    /// </summary>
    [SkippableFact]
    public async Task Upsert_replaces_the_vector_metadata_and_content_of_an_existing_id()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        var random = new Random(7);
        var first = VectorTestData.Make(random, Dimension, 1, id: "same");
        var second = VectorTestData.Make(random, Dimension, 2, id: "same") with { Content = "replaced" };
        await store.UpsertAsync(name, [first]);
        await store.UpsertAsync(name, [second]);
        await AfterWriteAsync();

        var hits = await store.SearchAsync(name, second.Vector, 10);
        var hit = Assert.Single(hits);
        Assert.Equal("replaced", hit.Embedding.Content);
        Assert.Equal(2, (int)hit.Embedding.Metadata!["n"]!);
        AssertSameVector(second.Vector, hit.Embedding.Vector);
        Assert.Equal(1.0, hit.Score, 4);
    }

    /// <summary>Deleting vectors by id removes exactly those and tolerates ids that are not there.</summary>
    [SkippableFact]
    public async Task Delete_removes_the_ids_and_ignores_ids_that_do_not_exist()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        var random = new Random(8);
        var docs = Enumerable.Range(0, 5).Select(i => VectorTestData.Make(random, Dimension, i)).ToArray();
        await store.UpsertAsync(name, docs);

        await store.DeleteAsync(name, ["doc-1", "doc-3", "never-existed"]);
        await store.DeleteAsync(name, ["never-existed-either"]);
        await store.DeleteAsync(name, []);
        await AfterWriteAsync();

        var hits = await store.SearchAsync(name, docs[0].Vector, 10);
        Assert.Equal(["doc-0", "doc-2", "doc-4"], hits.Select(h => h.Embedding.Id).Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>
    /// One wrong-sized vector refuses the whole upsert before any write, so a batch is never half stored.
    /// </summary>
    [SkippableFact]
    public async Task A_vector_of_the_wrong_dimension_is_refused_before_anything_is_written()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        var random = new Random(9);
        var good = VectorTestData.Make(random, Dimension, 1);
        var bad = VectorTestData.Make(random, Dimension + 1, 2);

        var error = await Assert.ThrowsAsync<VectorDimensionMismatchException>(() => store.UpsertAsync(name, [good, bad]));
        Assert.Equal(Dimension, error.ExpectedDimension);
        Assert.Equal(Dimension + 1, error.ActualDimension);
        Assert.Equal(bad.Id, error.Key);
        Assert.Equal("embeddings[1].Vector", error.ParamName);

        await AfterWriteAsync();
        Assert.Empty(await store.SearchAsync(name, good.Vector, 5));
    }

    /// <summary>
    /// A query vector of another dimension is refused with a typed error before it reaches the backend.
    /// </summary>
    [SkippableFact]
    public async Task A_query_of_the_wrong_dimension_is_refused()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        var error = await Assert.ThrowsAsync<VectorDimensionMismatchException>(
            () => store.SearchAsync(name, VectorTestData.RandomVector(new Random(10), Dimension - 1), 3));
        Assert.Equal("query", error.ParamName);
        Assert.Null(error.Key);
    }

    /// <summary>
    /// Bad arguments fail before I/O with a typed error naming the argument, the same on every vector backend.
    /// </summary>
    [SkippableFact]
    public async Task Invalid_arguments_are_refused_with_a_typed_error_naming_the_argument()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        var ok = VectorTestData.Make(new Random(11), Dimension, 1);
        var nan = (float[])ok.Vector.ToArray().Clone();
        nan[3] = float.NaN;

        await AssertRefused("embeddings[0].Id", () => store.UpsertAsync(name, [ok with { Id = "" }]));
        await AssertRefused("embeddings[0].Vector", () => store.UpsertAsync(name, [ok with { Vector = new float[Dimension] }]));
        await AssertRefused("embeddings[0].Vector", () => store.UpsertAsync(name, [ok with { Vector = nan }]));
        await AssertRefused("embeddings[1].Id", () => store.UpsertAsync(name, [ok, ok]));
        await AssertRefused("embeddings[0].Id", () => store.UpsertAsync(name, [ok with { Id = new string('x', VectorGuard.MaxIdBytes + 1) }]));
        await AssertRefused("embeddings[0].Metadata", () => store.UpsertAsync(name, [ok with { Metadata = new JsonObject { ["chronos_id"] = "x" } }]));
        await AssertRefused("topK", () => store.SearchAsync(name, ok.Vector, 0));
        await AssertRefused("topK", () => store.SearchAsync(name, ok.Vector, VectorGuard.MaxTopK + 1));
        await AssertRefused("query", () => store.SearchAsync(name, new float[Dimension], 1));
        await AssertRefused("options.MinScore", () => store.SearchAsync(name, ok.Vector, 1, new VectorSearchOptions { MinScore = 1.5f }));
        await AssertRefused("options.MetadataEquals[\"a-b\"]", () => store.SearchAsync(name, ok.Vector, 1,
            new VectorSearchOptions { MetadataEquals = new Dictionary<string, JsonValue> { ["a-b"] = JsonValue.Create("x") } }));
        await AssertRefused("ids[1]", () => store.DeleteAsync(name, ["a", ""]));
        await AssertRefused("name", () => store.CreateCollectionAsync("bad name", Dimension));
        await AssertRefused("name", () => store.CreateCollectionAsync("1abc", Dimension));
        await AssertRefused("dimension", () => store.CreateCollectionAsync(NewCollectionName(), 0));
        await AssertRefused("collection", () => store.SearchAsync("no/slash", ok.Vector, 1));

        await AfterWriteAsync();
        Assert.Empty(await store.SearchAsync(name, ok.Vector, 5));
    }

    /// <summary>
    /// Same vector, to float rounding: services that normalize cosine vectors internally (Qdrant) give back the
    /// original rescaled, which may differ in the last bits.
    /// </summary>
    protected static void AssertSameVector(ReadOnlyMemory<float> expected, ReadOnlyMemory<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected.Span[i];
            Assert.True(Math.Abs(e - actual.Span[i]) <= 1e-5f * Math.Max(1f, Math.Abs(e)), $"component {i}: expected {e}, got {actual.Span[i]}");
        }
    }

    private static async Task AssertRefused(string paramName, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<StorageArgumentException>(call);
        Assert.Equal(paramName, error.ParamName);
    }

    // ---- search ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Scores mean the same everywhere (cosine similarity, highest first), whatever the vendor's native metric or
    /// scale.
    /// </summary>
    [SkippableFact]
    public async Task Scores_are_cosine_similarities_sorted_highest_first()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        var random = new Random(12);
        var docs = Enumerable.Range(0, 40).Select(i => VectorTestData.Make(random, Dimension, i)).ToArray();
        // Scale some vectors: cosine must ignore length.
        docs[5] = docs[5] with { Vector = docs[5].Vector.ToArray().Select(x => x * 37f).ToArray() };
        await store.UpsertAsync(name, docs);
        await AfterWriteAsync();
        var query = VectorTestData.RandomVector(random, Dimension);

        var hits = await store.SearchAsync(name, query, docs.Length);

        var expected = docs
            .Select(d => (d.Id, Score: VectorTestData.Cosine(query, d.Vector.Span)))
            .OrderByDescending(x => x.Score)
            .ToArray();
        Assert.Equal(docs.Length, hits.Count);
        for (var i = 0; i < hits.Count; i++)
        {
            Assert.Equal(expected[i].Id, hits[i].Embedding.Id);
            Assert.Equal(expected[i].Score, hits[i].Score, 4);
        }
        Assert.Contains(hits, h => h.Score < 0);
    }

    /// <summary>
    /// Top-k returns exactly the k nearest vectors, not an approximation that misses an obvious match on small data.
    /// </summary>
    [SkippableFact]
    public async Task TopK_returns_the_k_most_similar()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        var random = new Random(13);
        var docs = Enumerable.Range(0, 30).Select(i => VectorTestData.Make(random, Dimension, i)).ToArray();
        await store.UpsertAsync(name, docs);
        await AfterWriteAsync();
        var query = VectorTestData.RandomVector(random, Dimension);

        var hits = await store.SearchAsync(name, query, 7);

        var expected = docs.OrderByDescending(d => VectorTestData.Cosine(query, d.Vector.Span)).Take(7).Select(d => d.Id);
        Assert.Equal(expected, hits.Select(h => h.Embedding.Id));
    }

    /// <summary>Filters compare by value and type on every backend: a string '1' does not match the number 1.</summary>
    [SkippableFact]
    public async Task A_metadata_filter_keeps_only_equal_strings_numbers_and_booleans()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        var random = new Random(14);
        var docs = Enumerable.Range(0, 30).Select(i => VectorTestData.Make(random, Dimension, i)).ToArray();
        await store.UpsertAsync(name, docs);
        await AfterWriteAsync();
        var query = VectorTestData.RandomVector(random, Dimension);

        async Task<string[]> Matching(Dictionary<string, JsonValue> filter) =>
            (await store.SearchAsync(name, query, 100, new VectorSearchOptions { MetadataEquals = filter }))
            .Select(h => h.Embedding.Id).Order(StringComparer.Ordinal).ToArray();
        string[] Expected(Func<int, bool> keep) =>
            Enumerable.Range(0, 30).Where(keep).Select(i => $"doc-{i}").Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(Expected(i => i % 3 == 1), await Matching(new() { ["group"] = JsonValue.Create("g1") }));
        Assert.Equal(Expected(i => i == 17), await Matching(new() { ["n"] = JsonValue.Create(17) }));
        Assert.Equal(Expected(i => i == 17), await Matching(new() { ["n"] = JsonValue.Create(17.0) }));
        Assert.Equal(Expected(i => i % 2 == 0 && i % 3 == 2), await Matching(new() { ["even"] = JsonValue.Create(true), ["group"] = JsonValue.Create("g2") }));
        Assert.Empty(await Matching(new() { ["group"] = JsonValue.Create("nope") }));
        Assert.Empty(await Matching(new() { ["missing_key"] = JsonValue.Create(1) }));
    }

    /// <summary>
    /// The minimum score is applied on every backend, so callers get only matches above their threshold.
    /// </summary>
    [SkippableFact]
    public async Task MinScore_drops_results_below_it()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        var random = new Random(15);
        var docs = Enumerable.Range(0, 30).Select(i => VectorTestData.Make(random, Dimension, i)).ToArray();
        await store.UpsertAsync(name, docs);
        await AfterWriteAsync();
        var query = VectorTestData.RandomVector(random, Dimension);
        const float min = 0.1f;

        var hits = await store.SearchAsync(name, query, 100, new VectorSearchOptions { MinScore = min });

        var expected = docs.Where(d => VectorTestData.Cosine(query, d.Vector.Span) >= min).Select(d => d.Id).Order(StringComparer.Ordinal);
        Assert.NotEmpty(hits);
        Assert.True(hits.Count < docs.Length);
        Assert.All(hits, h => Assert.True(h.Score >= min));
        Assert.Equal(expected, hits.Select(h => h.Embedding.Id).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A batch larger than a backend's request limit is split by the adapter and every vector is stored, none
    /// silently dropped.
    /// </summary>
    [SkippableFact]
    public async Task A_large_upsert_is_stored_completely()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        var random = new Random(16);
        var docs = Enumerable.Range(0, LargeUpsertCount).Select(i => VectorTestData.Make(random, Dimension, i)).ToArray();

        await store.UpsertAsync(name, docs);
        await AfterWriteAsync();

        foreach (var probe in new[] { docs[0], docs[LargeUpsertCount / 2], docs[^1] })
        {
            var hit = (await store.SearchAsync(name, probe.Vector, 1))[0];
            Assert.Equal(probe.Id, hit.Embedding.Id);
        }
        var all = await store.SearchAsync(name, docs[0].Vector, Math.Min(VectorGuard.MaxTopK, LargeUpsertCount));
        Assert.Equal(Math.Min(VectorGuard.MaxTopK, LargeUpsertCount), all.Select(h => h.Embedding.Id).Distinct().Count());
    }

    /// <summary>Metadata values keep their types, and content and vector values read back as stored.</summary>
    [SkippableFact]
    public async Task Metadata_content_and_vector_round_trip()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        var vector = VectorTestData.RandomVector(new Random(17), Dimension);
        var doc = new Embedding
        {
            Id = "round-trip",
            Vector = vector,
            Metadata = new JsonObject
            {
                ["title"] = "Ünïcødé — \"quoted\" \\ back\nslash",
                ["count"] = 42,
                ["ratio"] = 0.25,
                ["flag"] = false,
                ["tags"] = new JsonArray("a", "b"),
                ["nested"] = new JsonObject { ["deep"] = new JsonObject { ["x"] = 1 } },
            },
            Content = "Line one\nLine two — 日本語 🚀",
        };
        await store.UpsertAsync(name, [doc]);
        await AfterWriteAsync();

        var hit = Assert.Single(await store.SearchAsync(name, vector, 3)).Embedding;

        Assert.Equal(doc.Id, hit.Id);
        Assert.Equal(doc.Content, hit.Content);
        AssertSameVector(vector, hit.Vector);
        Assert.True(JsonNode.DeepEquals(doc.Metadata, hit.Metadata), $"metadata differs: {hit.Metadata?.ToJsonString()}");
    }

    /// <summary>Ids with spaces, slashes, quotes and non-ASCII text survive vendor escaping both ways.</summary>
    [SkippableFact]
    public async Task Ids_with_unusual_characters_round_trip_and_can_be_deleted()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        var random = new Random(18);
        string[] ids =
        [
            "with space", "slash/and\\back", "quote'\"", "percent%20#hash?q=1&x", "ünïcødé-日本-🚀", "..", "a:b:c",
            "550e8400-e29b-41d4-a716-446655440000", "123", new string('é', VectorGuard.MaxIdBytes / 2),
        ];
        var docs = ids.Select((id, i) => VectorTestData.Make(random, Dimension, i, id)).ToArray();
        await store.UpsertAsync(name, docs);
        await AfterWriteAsync();

        foreach (var doc in docs)
        {
            Assert.Equal(doc.Id, (await store.SearchAsync(name, doc.Vector, 1))[0].Embedding.Id);
        }
        await store.DeleteAsync(name, ids[..5]);
        await AfterWriteAsync();
        var left = await store.SearchAsync(name, docs[0].Vector, 20);
        Assert.Equal(ids[5..].Order(StringComparer.Ordinal), left.Select(h => h.Embedding.Id).Order(StringComparer.Ordinal));
    }

    /// <summary>Vectors in one collection are never returned by a search of another.</summary>
    [SkippableFact]
    public async Task Collections_are_independent()
    {
        var store = await StoreAsync();
        var a = await NewCollectionAsync();
        var b = await NewCollectionAsync();
        var random = new Random(19);
        var docA = VectorTestData.Make(random, Dimension, 1, "shared-id");
        var docB = VectorTestData.Make(random, Dimension, 2, "shared-id") with { Content = "in b" };
        await store.UpsertAsync(a, [docA]);
        await store.UpsertAsync(b, [docB]);
        await store.DeleteAsync(a, ["shared-id"]);
        await AfterWriteAsync();

        Assert.Empty(await store.SearchAsync(a, docA.Vector, 5));
        Assert.Equal("in b", Assert.Single(await store.SearchAsync(b, docA.Vector, 5)).Embedding.Content);
    }

    // ---- capabilities beyond the common operations ---------------------------------------------------------------

    /// <summary>
    /// Get by id, list by filter, list collections and the filter subset where the backend has the capability, and a
    /// typed refusal before any request where it has not.
    /// </summary>
    [SkippableFact]
    public async Task Get_query_list_and_the_filter_subset_run_where_the_backend_can_and_are_refused_elsewhere()
    {
        var store = await StoreAsync();
        var name = await NewCollectionAsync();
        var random = new Random(21);
        var docs = Enumerable.Range(0, 30).Select(i => VectorTestData.Make(random, Dimension, i)).ToArray();
        await store.UpsertAsync(name, docs);
        await AfterWriteAsync();
        var capabilities = (store as VectorStoreEngine)?.Capabilities ?? VectorStoreCapabilities.None;
        bool Has(VectorStoreCapabilities capability) => (capabilities & capability) == capability;

        if (Has(VectorStoreCapabilities.GetById))
        {
            var got = await store.GetAsync(name, ["doc-3", "nope", "doc-1"]);
            Assert.Equal(["doc-3", "doc-1"], got.Select(e => e.Id));
            Assert.Equal(docs[3].Content, got[0].Content);
            Assert.True(VectorTestData.Cosine(docs[3].Vector.Span, got[0].Vector.Span) > 0.9999, "doc-3's vector round-trips");
        }
        else
        {
            await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => store.GetAsync(name, ["doc-3"]));
        }

        var g1 = new VectorFilterComparison("group", VectorFilterOperator.Equal, JsonValue.Create("g1"));
        if (Has(VectorStoreCapabilities.Query))
        {
            Assert.Equal(["doc-10", "doc-13", "doc-16"], (await store.QueryAsync(name, g1, 1, 3)).Select(e => e.Id));
        }
        else
        {
            await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => store.QueryAsync(name, g1, 0, 3));
        }

        if (Has(VectorStoreCapabilities.ListCollections))
        {
            Assert.Contains(await store.ListCollectionsAsync(), n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => store.ListCollectionsAsync());
        }

        var query = VectorTestData.RandomVector(random, Dimension);
        var cases = new (VectorFilter Filter, Func<int, bool> Keep)[]
        {
            (new VectorFilterComparison("group", VectorFilterOperator.NotEqual, JsonValue.Create("g1")), i => i % 3 != 1),
            (new VectorFilterOr(new VectorFilterComparison("group", VectorFilterOperator.Equal, JsonValue.Create("g0")),
                new VectorFilterComparison("n", VectorFilterOperator.GreaterThanOrEqual, JsonValue.Create(25))), i => i % 3 == 0 || i >= 25),
            (new VectorFilterNot(new VectorFilterComparison("even", VectorFilterOperator.Equal, JsonValue.Create(true))), i => i % 2 == 1),
            (new VectorFilterIn("n", [JsonValue.Create(3), JsonValue.Create(4), JsonValue.Create(5)]), i => i is >= 3 and <= 5),
            (new VectorFilterAnd(new VectorFilterComparison("n", VectorFilterOperator.GreaterThan, JsonValue.Create(10)),
                new VectorFilterComparison("n", VectorFilterOperator.LessThanOrEqual, JsonValue.Create(12))), i => i is 11 or 12),
        };
        foreach (var (filter, keep) in cases)
        {
            Task<IReadOnlyList<VectorSearchResult>> Search() => store.SearchAsync(name, query, 100, new VectorSearchOptions { Filter = filter });
            if (!Has(VectorStoreCapabilities.AnyFilter))
            {
                await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(Search);
                continue;
            }
            IReadOnlyList<VectorSearchResult> hits;
            try
            {
                hits = await Search();
            }
            catch (VectorCapabilityNotSupportedException refused) when (RefusedFilterConstructs.Any(refused.Construct.Contains))
            {
                continue;
            }
            var expected = Enumerable.Range(0, 30).Where(keep).Select(i => $"doc-{i}").Order(StringComparer.Ordinal);
            Assert.True(expected.SequenceEqual(hits.Select(h => h.Embedding.Id).Order(StringComparer.Ordinal)), $"filter {filter}");
        }
    }
}
