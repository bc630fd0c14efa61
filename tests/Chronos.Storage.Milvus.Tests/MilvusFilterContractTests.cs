using System.Text.Json.Nodes;
using Chronos.Storage.Vectors;
using Xunit;

namespace Chronos.Storage.Milvus.Tests;

/// <summary>Filters beyond equalities, get by id, query by filter and list collections against the Milvus REST API v2 reference.</summary>
public sealed partial class MilvusContractTests
{
    private static JsonValue J(string s) => JsonValue.Create(s);

    private static JsonValue N(double d) => JsonValue.Create(d);

    [Fact]
    public async Task Every_construct_but_null_comparisons_is_one_templated_expression_and_get_query_list_use_their_endpoints()
    {
        var (store, handler) = Open("filters-get-query-list.json");
        var filter = new VectorFilterAnd(
            new VectorFilterAnd(
                new VectorFilterOr(new VectorFilterComparison("city", VectorFilterOperator.NotEqual, J("Oslo")), new VectorFilterComparison("stars", VectorFilterOperator.GreaterThanOrEqual, N(5))),
                new VectorFilterContains("tags", J("spa"))),
            new VectorFilterAnd(new VectorFilterNot(new VectorFilterIn("city", [J("Rome"), J("Paris")])), new VectorFilterComparison("stars", VectorFilterOperator.LessThan, N(6))));
        var hits = await store.SearchAsync("kb", new float[] { 0, 0, 1, 0 }, 3, new VectorSearchOptions { Filter = filter });
        Assert.Equal("h5", Assert.Single(hits).Embedding.Id);

        var got = await store.GetAsync("kb", ["h5", "missing", "h1"]);
        Assert.Equal(["h5", "h1"], got.Select(e => e.Id));
        Assert.Equal("first", got[1].Content);

        var listed = await store.QueryAsync("kb", new VectorFilterComparison("stars", VectorFilterOperator.GreaterThan, N(2)), 0, 10);
        Assert.Equal(["h1", "h5"], listed.Select(e => e.Id));

        Assert.Equal(["a_docs", "kb"], await store.ListCollectionsAsync());
        handler.AssertAllConsumed();
    }

    [Fact]
    public async Task A_comparison_with_null_is_refused_naming_it_before_any_request()
    {
        var (store, handler) = Open("filters-get-query-list.json");
        var error = await Assert.ThrowsAsync<VectorCapabilityNotSupportedException>(() => store.SearchAsync("kb", new float[] { 0, 0, 1, 0 }, 3,
            new VectorSearchOptions { Filter = new VectorFilterOr(new VectorFilterComparison("city", VectorFilterOperator.Equal, null), new VectorFilterContains("tags", J("spa"))) }));
        Assert.Contains("milvus", error.Message);
        Assert.Contains("'city == null'", error.Message);
        Assert.Empty(handler.SeenRequests);
    }
}
