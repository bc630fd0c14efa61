using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using Microsoft.Extensions.VectorData;
using Xunit;
using static Chronos.VectorData.Tests.Vectors;

namespace Chronos.VectorData.Tests;

/// <summary>
/// MEVD's collection contract on a Chronos vector store, modeled on MEVD's conformance tests (CRUD, batch
/// upsert/get/delete, search with top/skip, filters, score threshold, collection lifecycle). Each backend derives one
/// class. What a backend cannot do (<see cref="VectorStoreEngine.Capabilities"/>) must be refused before any request
/// with <see cref="VectorCapabilityNotSupportedException"/>; the test then checks that refusal instead.
/// </summary>
public abstract class VectorDataConformanceTests : IAsyncLifetime
{
    private readonly List<string> _collections = [];
    private IVectorStore? _chronos;

    /// <summary>Opens the Chronos store under test.</summary>
    protected abstract Task<IVectorStore> CreateChronosStoreAsync();

    /// <summary>Why the store cannot be tested here, or null.</summary>
    protected virtual string? SkipReason => null;

    /// <summary>Waits until writes are visible (eventually consistent services).</summary>
    protected virtual Task AfterWriteAsync() => Task.CompletedTask;

    protected async Task<IVectorStore> ChronosAsync()
    {
        Skip.If(SkipReason is not null, SkipReason);
        return _chronos ??= await CreateChronosStoreAsync();
    }

    protected async Task<ChronosVectorStore> StoreAsync() => new(await ChronosAsync());

    protected string NewName()
    {
        var name = "mevd" + Guid.NewGuid().ToString("N")[..12];
        _collections.Add(name);
        return name;
    }

    protected async Task<ChronosVectorStoreCollection<string, Hotel>> HotelsAsync(bool create = true)
    {
        var store = await StoreAsync();
        var hotels = store.GetCollection(NewName(), HotelVectorRecordMapping.Instance);
        if (create)
        {
            await hotels.EnsureCollectionExistsAsync();
        }
        return hotels;
    }

    /// <summary>
    /// Parts of filter text (e.g. <c>" &gt; "</c>, <c>"== null"</c>) this backend documents as refused although it has
    /// <see cref="VectorStoreCapabilities.AnyFilter"/>; a refusal of anything else fails the test.
    /// </summary>
    protected virtual string[] RefusedFilterConstructs => [];

    protected VectorStoreCapabilities Capabilities => (_chronos as VectorStoreEngine)?.Capabilities ?? VectorStoreCapabilities.None;

    /// <summary>True when the backend has <paramref name="capability"/>; otherwise asserts that <paramref name="call"/> is refused.</summary>
    protected async Task<bool> SupportsAsync(VectorStoreCapabilities capability, Func<Task> call)
    {
        await ChronosAsync();
        if ((Capabilities & capability) == capability)
        {
            return true;
        }
        var refused = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(call);
        Assert.Contains(((VectorStoreEngine)_chronos!).BackendName, refused.Message);
        return false;
    }

    public static Hotel H(string id, float[] vector, string name = "h", int stars = 3, double rating = 4.0, bool open = true, string[]? tags = null, string? city = null) =>
        new() { Id = id, HotelName = name, Stars = stars, Rating = rating, IsOpen = open, Tags = tags ?? [], City = city, Embedding = vector };

    protected static Hotel[] Five() =>
    [
        H("h1", V(1, 0, 0), "Alpha", stars: 5, rating: 4.5, tags: ["pool", "spa"], city: "Oslo"),
        H("h2", V(0.9f, 0.1f, 0), "Beta", stars: 4, rating: 3.9, open: false, tags: ["pool"], city: "Oslo"),
        H("h3", V(0.5f, 0.5f, 0), "Gamma", stars: 3, rating: 4.1, tags: ["gym"], city: "Rome"),
        H("h4", V(0, 1, 0), "Delta", stars: 2, rating: 2.5, tags: [], city: null),
        H("h5", V(0, 0, 1), "Epsilon", stars: 1, rating: 1.0, tags: ["spa"], city: "Rome"),
    ];

    protected async Task<ChronosVectorStoreCollection<string, Hotel>> FiveHotelsAsync()
    {
        var hotels = await HotelsAsync();
        await hotels.UpsertAsync(Five());
        await AfterWriteAsync();
        return hotels;
    }

    protected static async Task<List<string>> SearchIds(ChronosVectorStoreCollection<string, Hotel> hotels, float[] query, int top, VectorSearchOptions<Hotel>? options = null)
    {
        var ids = new List<string>();
        await foreach (var hit in hotels.SearchAsync(query, top, options))
        {
            ids.Add(hit.Record.Id);
        }
        return ids;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_chronos is null)
        {
            return;
        }
        foreach (var name in _collections)
        {
            await _chronos.DeleteCollectionAsync(name);
        }
        await _chronos.DisposeAsync();
    }

    // ---- collection lifecycle ------------------------------------------------------------------------------------

    [SkippableFact]
    public async Task Collection_lifecycle_exists_ensure_list_delete()
    {
        var store = await StoreAsync();
        var hotels = await HotelsAsync(create: false);
        Assert.False(await hotels.CollectionExistsAsync());
        Assert.False(await store.CollectionExistsAsync(hotels.Name));

        await hotels.EnsureCollectionExistsAsync();
        await hotels.EnsureCollectionExistsAsync();
        Assert.True(await hotels.CollectionExistsAsync());
        Assert.True(await store.CollectionExistsAsync(hotels.Name));
        if (await SupportsAsync(VectorStoreCapabilities.ListCollections, async () => await store.ListCollectionNamesAsync().ToListAsync()))
        {
            Assert.Contains(hotels.Name, await store.ListCollectionNamesAsync().ToListAsync());
        }

        await store.EnsureCollectionDeletedAsync(hotels.Name);
        Assert.False(await hotels.CollectionExistsAsync());
        await hotels.EnsureCollectionDeletedAsync();
    }

    [SkippableFact]
    public async Task EnsureCollectionExists_keeps_the_records()
    {
        var hotels = await FiveHotelsAsync();
        await hotels.EnsureCollectionExistsAsync();
        Assert.Equal(["h1"], await SearchIds(hotels, V(1, 0, 0), 1));
    }

    [SkippableFact]
    public async Task Upsert_into_a_missing_collection_is_a_VectorStoreException_with_the_typed_Chronos_error_inside()
    {
        var hotels = await HotelsAsync(create: false);
        var error = await Assert.ThrowsAsync<VectorStoreException>(() => hotels.UpsertAsync(H("x", V(1))));
        Assert.IsType<VectorCollectionNotFoundException>(error.InnerException);
        Assert.Equal(hotels.Name, error.CollectionName);
        Assert.Equal("Upsert", error.OperationName);
        Assert.Equal(hotels.Backend, error.VectorStoreSystemName);
    }

    // ---- CRUD ------------------------------------------------------------------------------------------------------

    [SkippableFact]
    public async Task Upsert_then_Get_round_trips_every_data_property_and_the_vector_only_when_asked()
    {
        var hotels = await HotelsAsync();
        var opened = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2));
        var hotel = H("h1", V(1, 2, 3), "Grand \"Hotel\" ü", stars: 5, rating: 4.25, open: false, tags: ["pool", "spa"], city: null);
        hotel.Opened = opened;
        await hotels.UpsertAsync(hotel);
        await AfterWriteAsync();
        if (!await SupportsAsync(VectorStoreCapabilities.GetById, () => hotels.GetAsync("h1")))
        {
            return;
        }

        var read = await hotels.GetAsync("h1");
        Assert.NotNull(read);
        Assert.Equal(("h1", "Grand \"Hotel\" ü", 5, 4.25, false, null as string, opened), (read.Id, read.HotelName, read.Stars, read.Rating, read.IsOpen, read.City, read.Opened));
        Assert.Equal(["pool", "spa"], read.Tags);
        Assert.True(read.Embedding.IsEmpty);

        var withVector = await hotels.GetAsync("h1", new RecordRetrievalOptions { IncludeVectors = true });
        Assert.Equal(V(1, 2, 3), withVector!.Embedding.ToArray());
    }

    [SkippableFact]
    public async Task Get_of_a_missing_key_is_null()
    {
        var hotels = await HotelsAsync();
        if (await SupportsAsync(VectorStoreCapabilities.GetById, () => hotels.GetAsync("nope")))
        {
            Assert.Null(await hotels.GetAsync("nope"));
        }
    }

    [SkippableFact]
    public async Task Upsert_replaces_the_record_with_the_same_key()
    {
        var hotels = await HotelsAsync();
        await hotels.UpsertAsync(H("h1", V(1, 0, 0), "Old"));
        await hotels.UpsertAsync(H("h1", V(0, 1, 0), "New"));
        await AfterWriteAsync();
        var hits = await hotels.SearchAsync(V(0, 1, 0), 5).ToListAsync();
        var hit = Assert.Single(hits);
        Assert.Equal(("h1", "New"), (hit.Record.Id, hit.Record.HotelName));
        Assert.Equal(1d, hit.Score!.Value, 5);
    }

    [SkippableFact]
    public async Task Batch_upsert_get_and_delete()
    {
        var hotels = await FiveHotelsAsync();
        if (await SupportsAsync(VectorStoreCapabilities.GetById, async () => await hotels.GetAsync(["h1"]).ToListAsync()))
        {
            var found = await hotels.GetAsync(["h5", "missing", "h2"]).ToListAsync();
            Assert.Equal(["h5", "h2"], found.Select(h => h.Id));
        }

        await hotels.DeleteAsync(["h1", "h2", "never-there"]);
        await hotels.DeleteAsync("h3");
        await hotels.DeleteAsync("h3");
        await AfterWriteAsync();
        Assert.Equal(["h4", "h5"], (await SearchIds(hotels, V(1, 1, 1), 10)).Order());
    }

    [SkippableFact]
    public async Task Upserting_an_empty_batch_or_deleting_no_keys_sends_nothing_and_succeeds()
    {
        var hotels = await HotelsAsync();
        await hotels.UpsertAsync([]);
        await hotels.DeleteAsync(Array.Empty<string>());
    }

    [SkippableFact]
    public async Task A_vector_of_the_wrong_dimension_is_refused_before_anything_is_sent()
    {
        var hotels = await FiveHotelsAsync();
        var bad = H("bad", [1, 2, 3]);
        var error = await Assert.ThrowsAsync<VectorStoreException>(() => hotels.UpsertAsync([H("ok", V(1)), bad]));
        Assert.IsType<VectorDimensionMismatchException>(error.InnerException);
        Assert.DoesNotContain("ok", await SearchIds(hotels, V(1), 10));
    }

    // ---- search ------------------------------------------------------------------------------------------------

    [SkippableFact]
    public async Task Search_returns_top_records_by_cosine_similarity_highest_first()
    {
        var hotels = await FiveHotelsAsync();
        var hits = await hotels.SearchAsync(V(1, 0, 0), 3).ToListAsync();
        Assert.Equal(["h1", "h2", "h3"], hits.Select(h => h.Record.Id));
        Assert.Equal(1d, hits[0].Score!.Value, 5);
        Assert.Equal(0.9 / Math.Sqrt(0.82), hits[1].Score!.Value, 5);
        Assert.Equal(Math.Sqrt(0.5), hits[2].Score!.Value, 5);
        Assert.True(hits[0].Record.Embedding.IsEmpty, "vectors are not included unless asked");
    }

    [SkippableFact]
    public async Task Search_accepts_ReadOnlyMemory_and_Embedding_inputs_and_includes_vectors_when_asked()
    {
        var hotels = await FiveHotelsAsync();
        var options = new VectorSearchOptions<Hotel> { IncludeVectors = true };
        var byMemory = await hotels.SearchAsync(new ReadOnlyMemory<float>(V(0, 0, 1)), 1, options).SingleAsync();
        var byEmbedding = await hotels.SearchAsync(new Microsoft.Extensions.AI.Embedding<float>(V(0, 0, 1)), 1, options).SingleAsync();
        Assert.Equal("h5", byMemory.Record.Id);
        Assert.Equal("h5", byEmbedding.Record.Id);
        Assert.Equal(V(0, 0, 1), byMemory.Record.Embedding.ToArray());
        await Assert.ThrowsAsync<NotSupportedException>(async () => await hotels.SearchAsync(42, 1).ToListAsync());
    }

    [SkippableFact]
    public async Task Search_with_skip_pages_through_the_same_order()
    {
        var hotels = await FiveHotelsAsync();
        var all = await SearchIds(hotels, V(1, 0.2f, 0.1f), 5);
        var page = await SearchIds(hotels, V(1, 0.2f, 0.1f), 2, new() { Skip = 2 });
        Assert.Equal(all.Skip(2).Take(2), page);
    }

    [SkippableFact]
    public async Task ScoreThreshold_drops_results_below_the_similarity()
    {
        var hotels = await FiveHotelsAsync();
        var hits = await hotels.SearchAsync(V(1, 0, 0), 5, new() { ScoreThreshold = 0.8 }).ToListAsync();
        Assert.Equal(["h1", "h2"], hits.Select(h => h.Record.Id));
        Assert.All(hits, h => Assert.True(h.Score >= 0.8));
    }

    [SkippableFact]
    public async Task CosineDistance_scores_are_one_minus_similarity_lowest_first_and_the_threshold_is_a_maximum()
    {
        var store = await StoreAsync();
        var reviews = store.GetCollection(NewName(), ReviewVectorRecordMapping.Instance);
        await reviews.EnsureCollectionExistsAsync();
        var near = new Review { Id = Guid.NewGuid(), Scores = [5, 4], Count = 3_000_000_000L, Vector = V(1, 0) };
        var far = new Review { Id = Guid.NewGuid(), Scores = [1], Count = 1, Vector = V(0, 1) };
        await reviews.UpsertAsync([near, far]);
        await AfterWriteAsync();

        var hits = await reviews.SearchAsync(V(1, 0.1f), 2, new() { IncludeVectors = true }).ToListAsync();
        Assert.Equal([near.Id, far.Id], hits.Select(h => h.Record.Id));
        Assert.Equal(1 - 1 / Math.Sqrt(1.01), hits[0].Score!.Value, 5);
        Assert.True(hits[0].Score < hits[1].Score);
        Assert.Equal([5, 4], hits[0].Record.Scores);
        Assert.Equal(3_000_000_000L, hits[0].Record.Count);
        Assert.Equal(V(1, 0), hits[0].Record.Vector);

        var close = await reviews.SearchAsync(V(1, 0.1f), 2, new() { ScoreThreshold = 0.5 }).ToListAsync();
        Assert.Equal([near.Id], close.Select(h => h.Record.Id));
    }

    // ---- filters -------------------------------------------------------------------------------------------------

    [SkippableFact]
    public async Task Equality_filters_joined_by_and_run_on_every_backend()
    {
        var hotels = await FiveHotelsAsync();
        Assert.Equal(["h2", "h1"], (await SearchIds(hotels, V(0, 1, 0), 5, new() { Filter = h => h.City == "Oslo" })));
        var stars = 4;
        Assert.Equal(["h2"], await SearchIds(hotels, V(1, 0, 0), 5, new() { Filter = h => h.City == "Oslo" && h.Stars == stars }));
        Assert.Equal(["h3"], await SearchIds(hotels, V(1, 0, 0), 5, new() { Filter = h => h.IsOpen == true && h.Stars == 3 }));
        Assert.Equal(["h1"], await SearchIds(hotels, V(1, 0, 0), 5, new() { Filter = h => h.IsOpen && h.City == "Oslo" }));
    }

    [SkippableFact]
    public async Task The_rest_of_the_filter_subset_runs_where_the_backend_can_and_is_refused_before_any_request_elsewhere()
    {
        var hotels = await FiveHotelsAsync();
        var cities = new[] { "Rome", "Paris" };
        var cases = new (System.Linq.Expressions.Expression<Func<Hotel, bool>> Filter, string[] Expected)[]
        {
            (h => h.City != "Oslo", ["h3", "h4", "h5"]),
            (h => h.City == "Rome" || h.Stars >= 5, ["h1", "h3", "h5"]),
            (h => !h.IsOpen, ["h2"]),
            (h => h.Tags.Contains("spa"), ["h1", "h5"]),
            (h => cities.Contains(h.City!), ["h3", "h5"]),
            (h => h.Stars > 2 && h.Stars <= 4, ["h2", "h3"]),
            (h => 4.0 < h.Rating, ["h1", "h3"]),
            (h => h.City == null, ["h4"]),
        };
        foreach (var (filter, expected) in cases)
        {
            if (await SupportsAsync(VectorStoreCapabilities.AnyFilter, () => SearchIds(hotels, V(1, 1, 1), 5, new() { Filter = filter })))
            {
                IReadOnlyList<string> found;
                try
                {
                    found = await SearchIds(hotels, V(1, 1, 1), 5, new() { Filter = filter });
                }
                catch (VectorCapabilityNotSupportedException refused) when (RefusedFilterConstructs.Any(refused.Construct.Contains))
                {
                    Assert.Equal(((VectorStoreEngine)_chronos!).BackendName, refused.Backend);
                    continue;
                }
                Assert.True(expected.SequenceEqual(found.Order()), $"filter {filter}");
            }
        }
    }

    [SkippableFact]
    public async Task A_construct_outside_the_subset_is_refused_naming_it_and_the_backend()
    {
        var hotels = await FiveHotelsAsync();
        var refused = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => SearchIds(hotels, V(1), 5, new() { Filter = h => h.HotelName.StartsWith("A") }));
        Assert.Contains("StartsWith", refused.Message);
        Assert.Contains(hotels.Backend, refused.Message);
        Assert.Equal(hotels.Backend, refused.Backend);
        var onKey = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => SearchIds(hotels, V(1), 5, new() { Filter = h => h.Id == "h1" }));
        Assert.Contains("key property 'Id'", onKey.Message);
        var onVector = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => SearchIds(hotels, V(1), 5, new() { Filter = h => h.Stars.ToString() == "3" }));
        Assert.Contains("ToString", onVector.Message);
    }

    [SkippableFact]
    public async Task Filtered_Get_lists_matching_records_by_key_with_skip_and_top()
    {
        var hotels = await FiveHotelsAsync();
        if (!await SupportsAsync(VectorStoreCapabilities.Query, async () => await hotels.GetAsync(h => h.IsOpen, 10).ToListAsync()))
        {
            return;
        }
        Assert.Equal(["h1", "h3", "h4", "h5"], (await hotels.GetAsync(h => h.IsOpen, 10).ToListAsync()).Select(h => h.Id));
        Assert.Equal(["h3", "h4"], (await hotels.GetAsync(h => h.IsOpen, 2, new() { Skip = 1 }).ToListAsync()).Select(h => h.Id));
        var withVectors = await hotels.GetAsync(h => h.Stars == 1, 5, new() { IncludeVectors = true }).SingleAsync();
        Assert.Equal(V(0, 0, 1), withVectors.Embedding.ToArray());
        await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(async () =>
            await hotels.GetAsync(h => h.IsOpen, 10, new() { OrderBy = o => o.Ascending(h => h.Stars) }).ToListAsync());
    }

    // ---- dynamic records (what MAF's ChatHistoryMemoryProvider uses) -----------------------------------------------

    private static VectorStoreCollectionDefinition ChatDefinition() => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty("Key", typeof(Guid)),
            new VectorStoreDataProperty("Role", typeof(string)) { IsIndexed = true },
            new VectorStoreDataProperty("SessionId", typeof(string)) { IsIndexed = true },
            new VectorStoreDataProperty("Content", typeof(string)) { IsFullTextIndexed = true },
            new VectorStoreDataProperty("Turn", typeof(int)),
            new VectorStoreVectorProperty("ContentEmbedding", typeof(string), Hotel.Dimensions),
        ],
    };

    [SkippableFact]
    public async Task Dynamic_collection_embeds_text_with_the_generator_and_filters_on_dictionary_entries()
    {
        var generator = new TestEmbeddingGenerator();
        var store = new ChronosVectorStore(await ChronosAsync(), new ChronosVectorStoreOptions { EmbeddingGenerator = generator });
        var chat = store.GetDynamicCollection(NewName(), ChatDefinition());
        await chat.EnsureCollectionExistsAsync();
        var first = Guid.NewGuid();
        Dictionary<string, object?> Message(Guid key, string role, string session, string content, int turn) => new()
        {
            ["Key"] = key, ["Role"] = role, ["SessionId"] = session, ["Content"] = content, ["Turn"] = turn, ["ContentEmbedding"] = content,
        };
        await chat.UpsertAsync(
        [
            Message(first, "user", "s1", "my cat is called tom", 1),
            Message(Guid.NewGuid(), "assistant", "s1", "nice name for a cat", 2),
            Message(Guid.NewGuid(), "user", "s2", "what is the weather", 1),
        ]);
        await AfterWriteAsync();
        Assert.Equal(3, generator.Embedded);

        var session = "s1";
        var hits = await chat.SearchAsync("cat named tom", 2, new() { Filter = x => (string?)x["SessionId"] == session && (string?)x["Role"] == "user" }).ToListAsync();
        Assert.Equal(4, generator.Embedded);
        var hit = Assert.Single(hits);
        Assert.Equal((first, "my cat is called tom", 1), ((Guid)hit.Record["Key"]!, (string?)hit.Record["Content"], (int?)hit.Record["Turn"]));
        Assert.False(hit.Record.ContainsKey("ContentEmbedding"), "the source text is not stored as a vector value");

        if (await SupportsAsync(VectorStoreCapabilities.GetById, () => chat.GetAsync((object)first)))
        {
            var read = await chat.GetAsync((object)first);
            Assert.Equal("user", read!["Role"]);
        }
        await chat.DeleteAsync((object)first);
        await AfterWriteAsync();
        Assert.DoesNotContain(first, (await chat.SearchAsync("cat", 5).ToListAsync()).Select(h => (Guid)h.Record["Key"]!));
    }

    [SkippableFact]
    public async Task Dynamic_collection_without_an_embedding_generator_says_how_to_configure_one()
    {
        var store = await StoreAsync();
        var chat = store.GetDynamicCollection(NewName(), ChatDefinition());
        await chat.EnsureCollectionExistsAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => chat.UpsertAsync(new Dictionary<string, object?> { ["Key"] = Guid.NewGuid(), ["ContentEmbedding"] = "text" }));
        Assert.Contains("IEmbeddingGenerator", error.Message);
    }

    [SkippableFact]
    public async Task Dynamic_definitions_the_mapping_cannot_handle_are_refused_when_the_collection_is_got()
    {
        var store = await StoreAsync();
        var twoVectors = new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreKeyProperty("Key", typeof(string)), new VectorStoreVectorProperty("A", typeof(float[]), 3), new VectorStoreVectorProperty("B", typeof(float[]), 3)],
        };
        Assert.Throws<VectorCapabilityNotSupportedException>(() => store.GetDynamicCollection("dyn", twoVectors));
        var euclid = new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreKeyProperty("Key", typeof(string)), new VectorStoreVectorProperty("A", typeof(float[]), 3) { DistanceFunction = DistanceFunction.EuclideanDistance }],
        };
        var refused = Assert.Throws<VectorCapabilityNotSupportedException>(() => store.GetDynamicCollection("dyn", euclid));
        Assert.Contains("EuclideanDistance", refused.Message);
        var badData = new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreKeyProperty("Key", typeof(string)), new VectorStoreDataProperty("D", typeof(Uri)), new VectorStoreVectorProperty("A", typeof(float[]), 3)],
        };
        Assert.Throws<ArgumentException>(() => store.GetDynamicCollection("dyn", badData));
    }

    [SkippableFact]
    public async Task GetCollection_through_the_base_type_finds_the_generated_mapping_and_metadata_names_the_backend()
    {
        VectorStore store = await StoreAsync();
#pragma warning disable IL2026, IL3050 // the test calls MEVD's annotated base method on purpose
        var hotels = store.GetCollection<string, Hotel>(NewName());
        Assert.Throws<InvalidOperationException>(() => store.GetCollection<string, object>("nomapping"));
#pragma warning restore IL2026, IL3050
        Assert.IsType<ChronosVectorStoreCollection<string, Hotel>>(hotels);
        var metadata = (VectorStoreCollectionMetadata)hotels.GetService(typeof(VectorStoreCollectionMetadata))!;
        Assert.Equal((((ChronosVectorStore)store).Backend, hotels.Name), (metadata.VectorStoreSystemName, metadata.CollectionName));
        Assert.Same(_chronos, store.GetService(typeof(IVectorStore)));
    }
}
