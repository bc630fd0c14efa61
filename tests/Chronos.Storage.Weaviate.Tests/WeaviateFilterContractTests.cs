using System.Text.Json.Nodes;
using Chronos.Storage.Vectors;
using Xunit;

namespace Chronos.Storage.Weaviate.Tests;

/// <summary>Filters as GraphQL where arguments, listing by filter, and the refusals, against Weaviate's references.</summary>
public sealed partial class WeaviateContractTests
{
    private static JsonValue J(string s) => JsonValue.Create(s);

    private static JsonValue N(double d) => JsonValue.Create(d);

    private static VectorFilterComparison Compare(string key, VectorFilterOperator op, JsonValue? value) => new(key, op, value);

    private static VectorFilter All(params VectorFilter[] filters) => filters.Aggregate((all, next) => new VectorFilterAnd(all, next));

    [Fact]
    public async Task Every_construct_becomes_one_typed_where_filter_and_listing_reads_sorted_pages()
    {
        var (store, handler) = Open("filters-query.json");
        await store.UpsertAsync("kb", [
            new Embedding { Id = "h1", Vector = new float[] { 1, 0, 0, 0 }, Content = "first",
                Metadata = new JsonObject { ["group"] = "g1", ["n"] = 4, ["stars"] = 3, ["even"] = true, ["tags"] = new JsonArray("spa"), ["note"] = "quiet" } },
            new Embedding { Id = "h3", Vector = new float[] { 0, 1, 0, 0 }, Content = "third",
                Metadata = new JsonObject { ["group"] = "g4", ["n"] = 6, ["stars"] = 4, ["even"] = false, ["tags"] = new JsonArray("gym") } },
            new Embedding { Id = "h5", Vector = new float[] { 0, 0, 1, 0 }, Content = "fifth",
                Metadata = new JsonObject { ["group"] = "g2", ["n"] = 2, ["stars"] = 5, ["even"] = false, ["tags"] = new JsonArray("pool", "spa"),
                    ["empty"] = new JsonArray(), ["mixed"] = new JsonArray(1, "a") } },
        ]);

        // (group != g1 || stars >= 5) && tags contains spa && !(group in [g2 "x", g3] || !(note == null || n < 6.5))
        //   && !(even == true) && (missing_key == 1 || stars < 6) && !(ghost > 2) && !(n > 10)
        var filter = All(
            new VectorFilterOr(Compare("group", VectorFilterOperator.NotEqual, J("g1")), Compare("stars", VectorFilterOperator.GreaterThanOrEqual, N(5))),
            new VectorFilterContains("tags", J("spa")),
            new VectorFilterNot(new VectorFilterOr(new VectorFilterIn("group", [J("g2 \"x\""), J("g3")]),
                new VectorFilterNot(new VectorFilterOr(Compare("note", VectorFilterOperator.Equal, null), Compare("n", VectorFilterOperator.LessThan, N(6.5)))))),
            new VectorFilterNot(Compare("even", VectorFilterOperator.Equal, JsonValue.Create(true))),
            new VectorFilterOr(Compare("missing_key", VectorFilterOperator.Equal, N(1)), Compare("stars", VectorFilterOperator.LessThan, N(6))),
            new VectorFilterNot(Compare("ghost", VectorFilterOperator.GreaterThan, N(2))),
            new VectorFilterNot(Compare("n", VectorFilterOperator.GreaterThan, N(10))));
        var hits = await store.SearchAsync("kb", new float[] { 0, 0, 1, 0 }, 3, new VectorSearchOptions { Filter = filter });
        var hit = Assert.Single(hits);
        Assert.Equal(("h5", 1f), (hit.Embedding.Id, hit.Score));
        Assert.Equal(["pool", "spa"], hit.Embedding.Metadata!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        var listed = await store.QueryAsync("kb", Compare("stars", VectorFilterOperator.GreaterThan, N(2)), 1, 2);
        Assert.Equal(["h3", "h5"], listed.Select(e => e.Id));
        Assert.Equal([0f, 1, 0, 0], listed[0].Vector.ToArray());

        Assert.Empty(await store.QueryAsync("kb", new VectorFilterContains("ghost", J("x")), 0, 10));
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task A_negated_Contains_is_refused_before_any_request_naming_it_and_Weaviate()
    {
        var (store, handler) = Open("filters-query.json");
        var refused = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => store.SearchAsync("kb", new float[] { 0, 0, 1, 0 }, 3,
            new VectorSearchOptions { Filter = new VectorFilterNot(new VectorFilterContains("tags", J("spa"))) }));
        Assert.Equal("weaviate", refused.Backend);
        Assert.Contains("'tags contains \"spa\"'", refused.Message);
        Assert.Contains("ContainsNone", refused.Message);
        var listing = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => store.QueryAsync("kb",
            new VectorFilterOr(Compare("n", VectorFilterOperator.Equal, N(1)), new VectorFilterNot(new VectorFilterContains("tags", J("spa")))), 0, 5));
        Assert.Contains("'tags contains \"spa\"'", listing.Message);
        Assert.Empty(handler.SeenRequests);
    }

    [Fact]
    public async Task A_value_of_another_type_than_the_property_and_IsNull_without_null_state_are_refused_before_the_query()
    {
        var (store, handler) = Open("filters-refused-by-schema.json");
        Task Search(VectorFilter filter) => store.SearchAsync("kb", new float[] { 0, 0, 1, 0 }, 3, new VectorSearchOptions { Filter = filter });

        var text = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => Search(Compare("n", VectorFilterOperator.Equal, J("x"))));
        Assert.Contains("'n == \"x\"'", text.Message);
        Assert.Contains("property 'n' of class 'Kb' is number", text.Message);
        var fraction = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => Search(Compare("stars", VectorFilterOperator.Equal, N(4.5))));
        Assert.Contains("is int, and 4.5 is not an integer", fraction.Message);
        var array = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => Search(Compare("tags", VectorFilterOperator.Equal, J("spa"))));
        Assert.Contains("is text[]", array.Message);
        var isNull = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => Search(
            new VectorFilterOr(Compare("note", VectorFilterOperator.Equal, null), Compare("n", VectorFilterOperator.Equal, N(1)))));
        Assert.Contains("indexNullState", isNull.Message);

        handler.AssertAllConsumed();
        Assert.DoesNotContain(handler.SeenRequests, r => r.Contains("graphql", StringComparison.Ordinal));
    }
}
