using System.Text.Json.Nodes;
using Xunit;

namespace Chronos.Storage.RedisVector.Tests;

/// <summary>The TAG tokens of metadata filters: stored data, so pinned to golden values (computed independently in Python).</summary>
public sealed class RedisVectorFilterTokenTests
{
    [Theory]
    [InlineData("group", "g1", "389de996407726505b7d973248d3b9c9")]
    [InlineData("title", "Ünïcødé, \"q\" {x}", "ad57d95d30de84eaab6c876d4b8cc952")]
    public void String_tokens_are_the_documented_digest(string key, string value, string expected) =>
        Assert.Equal(expected, RedisVectorFilterTokens.Token(key, JsonValue.Create(value)));

    [Fact]
    public void Numbers_and_booleans_have_the_documented_digests()
    {
        Assert.Equal("30089502647ba0275987ef957ebd1de7", RedisVectorFilterTokens.Token("n", JsonValue.Create(1)));
        Assert.Equal("14e17b40859fd894c7a5b1bc5b2e97fa", RedisVectorFilterTokens.Token("n", JsonValue.Create(2L)));
        Assert.Equal("c221261c01f9051c7c5fc2f440c935ac", RedisVectorFilterTokens.Token("flag", JsonValue.Create(true)));
    }

    [Fact]
    public void Equal_numbers_share_a_token_and_types_and_cases_do_not()
    {
        string? T(string key, JsonValue value) => RedisVectorFilterTokens.Token(key, value);
        Assert.Equal(T("n", JsonValue.Create(2)), T("n", JsonValue.Create(2.0)));
        Assert.Equal(T("n", JsonValue.Create(2)), T("n", (JsonValue)JsonNode.Parse("2.0")!));
        Assert.Equal(T("n", JsonValue.Create(0.0)), T("n", JsonValue.Create(-0.0)));
        Assert.NotEqual(T("n", JsonValue.Create(2)), T("n", JsonValue.Create("2")));
        Assert.NotEqual(T("flag", JsonValue.Create(true)), T("flag", JsonValue.Create("true")));
        Assert.NotEqual(T("group", JsonValue.Create("G1")), T("group", JsonValue.Create("g1")));
        Assert.NotEqual(T("group", JsonValue.Create("g1 ")), T("group", JsonValue.Create("g1")));
        Assert.NotEqual(T("a", JsonValue.Create("b\0c")), T("a", JsonValue.Create("b")));
        Assert.Null(T("a\0b", JsonValue.Create("c"))); // not an identifier: never tokenised, so the NUL separators stay unambiguous
        Assert.Null(T("chronos_x", JsonValue.Create("c")));
    }

    [Fact]
    public void Metadata_tokens_cover_filterable_top_level_scalars_and_the_items_of_top_level_arrays()
    {
        var metadata = new JsonObject
        {
            ["group"] = "g1", ["n"] = 1, ["flag"] = true,
            ["tags"] = new JsonArray("a"), ["nested"] = new JsonObject { ["x"] = 1 }, ["nothing"] = null, ["not-an-identifier"] = "x",
        };
        var tokens = RedisVectorFilterTokens.ForMetadata(metadata).Split(',');
        string[] expected =
        [
            RedisVectorFilterTokens.Token("group", JsonValue.Create("g1"))!, RedisVectorFilterTokens.Token("n", JsonValue.Create(1))!,
            RedisVectorFilterTokens.Token("flag", JsonValue.Create(true))!, RedisVectorFilterTokens.ItemToken("tags", JsonValue.Create("a"))!,
        ];
        Assert.Equal(expected, tokens);
        Assert.All(tokens, t => Assert.Matches("^[0-9a-f]{32}$", t));
        Assert.Equal("", RedisVectorFilterTokens.ForMetadata(null));
    }
}
