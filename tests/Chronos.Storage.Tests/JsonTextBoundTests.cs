using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Json;
using Xunit;

namespace Chronos.Storage.Tests;

/// <summary>
/// <see cref="JsonTextBound"/> stands in for writing a JSON field on every write, so it must never be below the size
/// the writer produces (a record could then pass a limit it is over), and it should be exact for plain ASCII.
/// </summary>
public sealed class JsonTextBoundTests
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static long Written(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options)) node.WriteTo(writer);
        return buffer.WrittenCount;
    }

    public static TheoryData<string> Texts() => new()
    {
        """{"a":"plain","n":1,"list":[1,2.5,-3e10,true,false,null],"o":{}}""",
        """{"é":"déjà vu","日本":"語","emoji":"😀"}""",
        """{"esc":"quote \" back \\ nl \n tab \t","u":"\u0001\u001f"}""",
        """["<html>&'+`", {"k": [ ] }, [[]], 1.0000000000000002, 12345678901234567890123]""",
        "\"just a string\"",
        "42",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void TheBoundOfParsedJsonIsNeverBelowTheWrittenSize(string text)
    {
        var node = JsonNode.Parse(text)!;
        Assert.True(JsonTextBound.Of(node) >= Written(node), $"bound {JsonTextBound.Of(node)} < written {Written(node)} for {text}");
    }

    [Fact]
    public void TheBoundOfBuiltJsonIsNeverBelowTheWrittenSize()
    {
        var node = new JsonObject
        {
            ["int"] = int.MinValue, ["long"] = long.MinValue, ["double"] = -1.7976931348623157E+308, ["float"] = float.Epsilon,
            ["decimal"] = decimal.MinValue, ["bool"] = false, ["guid"] = Guid.NewGuid(), ["date"] = DateTime.MaxValue,
            ["offset"] = DateTimeOffset.MinValue, ["char"] = '\u0001', ["text"] = "déjà \"vu\"\n", ["null"] = null,
            ["array"] = new JsonArray(1, "two", null, new JsonObject()),
            ["element"] = JsonValue.Create(JsonDocument.Parse("\"é\\u0001\\\"\"").RootElement),
        };
        Assert.True(JsonTextBound.Of(node) >= Written(node), $"bound {JsonTextBound.Of(node)} < written {Written(node)}");
    }

    [Fact]
    public void TheBoundOfPlainAsciiIsExact()
    {
        var built = new JsonObject { ["title"] = "session 7", ["tags"] = new JsonArray("a", "b"), ["empty"] = new JsonObject() };
        var parsed = JsonNode.Parse("""{"role":"user","text":"message number 7","n":[1,20,300],"ok":true,"none":null}""")!;
        Assert.Equal(Written(built), JsonTextBound.Of(built));
        Assert.Equal(Written(parsed), JsonTextBound.Of(parsed));
    }

    [Fact]
    public void AValueOfAnUnknownTypeHasNoBound() =>
        Assert.Equal(JsonTextBound.Unknown, JsonTextBound.Of(new JsonObject { ["uri"] = JsonValue.Create(new Uri("https://example.com/")) }));
}
