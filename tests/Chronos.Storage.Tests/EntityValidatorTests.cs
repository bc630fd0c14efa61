using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Schema;
using Chronos.Storage.Validation;
using Xunit;

namespace Chronos.Storage.Tests;

/// <summary>
/// The engine's one write check (runtime/Chronos.Storage/Validation): JSON depth, UTF-16, NUL, finite numbers and
/// required fields, and the shared read path that names a corrupted field (<see cref="StoredRecord"/>).
/// </summary>
public sealed class EntityValidatorTests
{
    /// <summary>An object of <paramref name="depth"/> nested objects, built without recursion.</summary>
    private static JsonObject Nested(int depth)
    {
        var root = new JsonObject();
        var current = root;
        for (var level = 2; level <= depth; level++)
        {
            var child = new JsonObject();
            current["d"] = child;
            current = child;
        }
        return root;
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

    [Fact]
    public void ADeepJsonElementInsideAJsonValueIsWalkedToo()
    {
        using var document = JsonDocument.Parse(Nested(60).ToJsonString());
        var state = new JsonObject { ["a"] = new JsonArray(new JsonArray(new JsonArray(new JsonArray(new JsonArray(JsonValue.Create(document.RootElement.Clone())))))) };

        var error = Assert.Throws<StorageArgumentException>(() => EntityValidator.Validate(CheckpointWith(state)));

        Assert.Equal("state", error.Field);
    }

    [Theory]
    [InlineData("\uD800", true)]
    [InlineData("a\uDBFF", true)]
    [InlineData("\uDC00a", true)]
    [InlineData("\uDE00\uD83D", true)]
    [InlineData("x\0", true)]
    [InlineData("\uD83D\uDE00", false)]
    [InlineData("plain é 😀", false)]
    [InlineData("", false)]
    public void StringsMustBeValidUtf16WithoutNul(string text, bool refused)
    {
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
}
