using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Chronos.Storage.Validation;
using Xunit;

namespace Chronos.Storage.Tests;

/// <summary>
/// The engine's one write check (runtime/Chronos.Storage/Validation): JSON depth, UTF-16, NUL, finite numbers and
/// required fields, and the shared read path that names a corrupted field (<see cref="StoredRecord"/>).
/// </summary>
public sealed class EntityValidatorTests
{
    /// <summary>An object of <paramref name="depth"/> nested objects, built inside out (without recursion, in linear time).</summary>
    private static JsonObject Nested(int depth)
    {
        var current = new JsonObject();
        for (var level = 2; level <= depth; level++) current = new JsonObject { ["d"] = current };
        return current;
    }

    private static Checkpoint CheckpointWith(JsonObject state) =>
        new() { Id = "c1", SessionId = "s1", RunId = "r", NodeId = "n", State = state, SeqNum = 1 };

    [Fact]
    public void DepthAtTheLimitPasses() => EntityValidator.Validate(CheckpointWith(Nested(StorageLimits.MaxJsonDepth)));

    [Fact]
    public void TheLimitIsTheReadersDefaultDepth()
    {
        var text = Nested(StorageLimits.MaxJsonDepth).ToJsonString();
        Assert.NotNull(JsonLimits.Parse(text));
        Assert.ThrowsAny<JsonException>(() => JsonLimits.Parse("[" + text + "]"));
    }

    [Theory]
    [InlineData(65)]
    [InlineData(1000)]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void DepthBeyondTheLimitIsRefusedWithoutRecursing(int depth)
    {
        // 1,000,000 levels would overflow any recursive walk; the iterative one stops at level 65.
        var error = Assert.Throws<StorageArgumentException>(() => EntityValidator.Validate(CheckpointWith(Nested(depth))));

        Assert.Equal("Checkpoint", error.Entity);
        Assert.Equal("state", error.Field);
        Assert.Equal("c1", error.Key);
        Assert.Contains("64", error.Message);
    }

    // Made inside the test: xunit replaces lone surrogates in test data with U+FFFD.
    private static readonly string[] Refused = ["\uD800", "a\uDBFF", "\uDC00a", "\uDE00\uD83D", "x\0"];
    private static readonly string[] Accepted = ["\uD83D\uDE00", "plain é 😀", ""];

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, false)]
    public void StringsMustBeValidUtf16WithoutNul(int index, bool refused)
    {
        var text = refused ? Refused[index] : Accepted[index];
        Assert.Equal(refused, StorageText.IndexOfInvalid(text) >= 0);
        Assert.Equal(refused, JsonLimits.FindProblem(new JsonObject { ["v"] = text }) is not null);
        Assert.Equal(refused, JsonLimits.FindProblem(new JsonObject { [text + "k"] = 1 }) is not null);
    }

    [Fact]
    public void NonFiniteNumbersAreRefusedAndExtremeOnesPass()
    {
        Assert.Contains("$.x", JsonLimits.FindProblem(new JsonObject { ["x"] = double.NaN })!);
        Assert.NotNull(JsonLimits.FindProblem(new JsonObject { ["x"] = float.PositiveInfinity }));
        Assert.Null(JsonLimits.FindProblem(JsonNode.Parse("""{"a":1e308,"b":18446744073709551616,"c":-0,"d":-1.7976931348623157E+308}""")!));
    }

    [Fact]
    public void RequiredNullNamesTheField()
    {
        var error = Assert.Throws<StorageArgumentException>(() => EntityValidator.Validate(CheckpointWith(null!)));

        Assert.Equal(("Checkpoint", "state", "c1"), (error.Entity, error.Field, error.Key));
    }

    [Fact]
    public void AHostileIdIsEscapedInTheMessage()
    {
        var error = Assert.Throws<StorageArgumentException>(() => EntityValidator.Validate(CheckpointWith(new JsonObject()) with { Id = "c\uD800" }));

        Assert.Equal("id", error.Field);
        Assert.Contains("c\\uD800", error.Message);
        Assert.DoesNotContain("\uD800", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WideJsonIsWalkedCompletelyWhetherBuiltOrParsed(bool parsed)
    {
        // 1,000 siblings: far more than the walk's pooled stack starts with, so it grows and must keep every pending
        // node; the NUL sits in the middle, neither first nor last visited.
        var wide = new JsonObject();
        for (var i = 0; i < 1000; i++) wide["k" + i] = new JsonArray(i, "text " + i);
        wide["k500"] = new JsonArray(500, "bad\0");
        // Parsed nodes are backed by a JsonElement until first touched; built ones are plain nodes.
        JsonObject Wrap(JsonObject json) => new() { ["w"] = parsed ? JsonNode.Parse(json.ToJsonString()) : json.DeepClone() };

        var error = Assert.Throws<StorageArgumentException>(() => EntityValidator.Validate(CheckpointWith(Wrap(wide))));
        Assert.Contains("U+0000", error.Message);
        Assert.Equal("state", error.Field);

        // A walk that stopped early leaves nothing behind for the next one: the same JSON, mended, passes.
        wide["k500"] = new JsonArray(500, "good");
        EntityValidator.Validate(CheckpointWith(Wrap(wide)));
    }
}
