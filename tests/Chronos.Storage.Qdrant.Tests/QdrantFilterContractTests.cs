using System.Text.Json.Nodes;
using Chronos.Storage.Vectors;
using Xunit;

namespace Chronos.Storage.Qdrant.Tests;

/// <summary>
/// Filters beyond equalities, read by id, list by filter and list collections against Qdrant's gRPC API, replayed
/// at the protobuf message level from fixtures written from Qdrant's points.proto / collections_service.proto and
/// its "Filtering" reference (must / should / must_not, match, range, is_empty).
/// </summary>
public sealed partial class QdrantContractTests
{
    private static JsonValue J(string s) => JsonValue.Create(s);

    private static JsonValue J(double d) => JsonValue.Create(d);

    /// <summary>(city != "Oslo" || stars >= 5) &amp;&amp; tags contains "spa" &amp;&amp; !(city in [Rome, Paris]) &amp;&amp; rating &lt; 4.5 &amp;&amp; note == null.</summary>
    public static VectorFilter Everything() =>
        new VectorFilterAnd(
            new VectorFilterAnd(
                new VectorFilterOr(new VectorFilterComparison("city", VectorFilterOperator.NotEqual, J("Oslo")), new VectorFilterComparison("stars", VectorFilterOperator.GreaterThanOrEqual, J(5))),
                new VectorFilterContains("tags", J("spa"))),
            new VectorFilterAnd(
                new VectorFilterNot(new VectorFilterIn("city", [J("Rome"), J("Paris")])),
                new VectorFilterAnd(new VectorFilterComparison("rating", VectorFilterOperator.LessThan, J(4.5)), new VectorFilterComparison("note", VectorFilterOperator.Equal, null))));

    [Fact]
    public async Task Every_construct_of_the_subset_becomes_one_documented_Qdrant_filter()
    {
        var (store, invoker) = Open("filters.json");
        var hits = await store.SearchAsync("kb", new float[] { 1, 0, 0, 0 }, 3, new VectorSearchOptions { Filter = Everything() });
        invoker.AssertAllConsumed();
        var hit = Assert.Single(hits);
        Assert.Equal("h5", hit.Embedding.Id);
        Assert.Equal(["pool", "spa"], hit.Embedding.Metadata!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Get_by_id_retrieves_the_stable_uuids_and_keeps_the_callers_order()
    {
        var (store, invoker) = Open("get-query-list.json");
        var got = await store.GetAsync("kb", ["h5", "missing", "h1"]);
        Assert.Equal(["h5", "h1"], got.Select(e => e.Id));
        Assert.Equal([2f, 0, 0, 0], got[0].Vector.ToArray());
        Assert.Equal("Oslo", got[1].Metadata!["city"]!.GetValue<string>());

        var listed = await store.QueryAsync("kb", new VectorFilterComparison("stars", VectorFilterOperator.GreaterThan, J(2)), skip: 1, top: 1);
        Assert.Equal(["h5"], listed.Select(e => e.Id));

        Assert.Equal(["a_docs", "kb"], await store.ListCollectionsAsync());
        invoker.AssertAllConsumed();
    }
}
