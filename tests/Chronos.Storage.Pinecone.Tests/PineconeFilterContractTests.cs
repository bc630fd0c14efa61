using System.Text.Json.Nodes;
using Chronos.Storage.Vectors;
using Xunit;

namespace Chronos.Storage.Pinecone.Tests;

/// <summary>Filters beyond equalities, fetch by id, fetch by metadata and list namespaces against Pinecone's API reference.</summary>
public sealed partial class PineconeContractTests
{
    private static JsonValue J(string s) => JsonValue.Create(s);

    private static JsonValue N(double d) => JsonValue.Create(d);

    [Fact]
    public async Task Every_construct_becomes_the_documented_operators_and_fetch_list_use_their_endpoints()
    {
        var (store, handler) = Open("filters-fetch-list.json");
        // (city != Oslo || stars >= 5) && tags contains spa && !(city in [Rome, Paris]) && !(note != null && stars >= 6)
        var filter = new VectorFilterAnd(
            new VectorFilterOr(new VectorFilterComparison("city", VectorFilterOperator.NotEqual, J("Oslo")), new VectorFilterComparison("stars", VectorFilterOperator.GreaterThanOrEqual, N(5))),
            new VectorFilterAnd(new VectorFilterContains("tags", J("spa")),
                new VectorFilterNot(new VectorFilterOr(new VectorFilterIn("city", [J("Rome"), J("Paris")]),
                    new VectorFilterNot(new VectorFilterOr(new VectorFilterComparison("note", VectorFilterOperator.Equal, null), new VectorFilterComparison("stars", VectorFilterOperator.LessThan, N(6))))))));
        var hits = await store.SearchAsync("kb", new float[] { 0, 0, 1, 0 }, 3, new VectorSearchOptions { Filter = filter });
        Assert.Equal("h5", Assert.Single(hits).Embedding.Id);

        var got = await store.GetAsync("kb", ["h5", "missing", "h1"]);
        Assert.Equal(["h5", "h1"], got.Select(e => e.Id));
        Assert.Equal(["pool", "spa"], got[0].Metadata!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        var listed = await store.QueryAsync("kb", new VectorFilterComparison("stars", VectorFilterOperator.GreaterThan, N(2)), 0, 10);
        Assert.Equal(["h1", "h5"], listed.Select(e => e.Id));

        Assert.Equal(["a_docs", "kb"], await store.ListCollectionsAsync());
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task A_negated_range_and_Contains_of_a_number_are_refused_naming_them_before_any_request()
    {
        var (store, handler) = Open("filters-fetch-list.json");
        var range = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => store.SearchAsync("kb", new float[] { 0, 0, 1, 0 }, 3,
            new VectorSearchOptions { Filter = new VectorFilterNot(new VectorFilterComparison("stars", VectorFilterOperator.GreaterThan, N(2))) }));
        Assert.Contains("pinecone", range.Message);
        Assert.Contains("'stars > 2'", range.Message);
        Assert.Contains("$not", range.Message);
        var number = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => store.QueryAsync("kb", new VectorFilterContains("scores", N(5)), 0, 5));
        Assert.Contains("'scores contains 5'", number.Message);
        Assert.Empty(handler.SeenRequests);
    }
}
