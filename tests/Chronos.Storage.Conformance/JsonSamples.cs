using System.Text;
using System.Text.Json.Nodes;

namespace Chronos.Storage.Conformance;

/// <summary>
/// JSON values that every backend must store and read back exactly (<see cref="JsonNode.DeepEquals"/>): the cases
/// where a store that goes through doubles, BSON, DynamoDB numbers or re-encoded text tends to lose something.
/// </summary>
public static class JsonSamples
{
    /// <summary>Names of the samples that are JSON objects (usable for every JSON field).</summary>
    public static readonly string[] ObjectNames =
    [
        "nested", "arrays", "unicode", "big-integers", "doubles", "empty-object", "awkward-keys", "deep", "one-mebibyte",
    ];

    /// <summary>Builds the named sample (a new node each call: a node can have one parent only).</summary>
    public static JsonNode? Create(string name) => name switch
    {
        "nested" => JsonNode.Parse("""{"a":{"b":{"c":{"d":"e"},"n":null,"t":true,"f":false},"list":[{"x":1},{"y":[2,3]}]}}"""),
        "arrays" => JsonNode.Parse("""{"empty":[],"mixed":[1,"two",3.5,true,null,{"k":"v"},[[]]],"nested":[[1,2],[3,[4,[5]]]]}"""),
        "unicode" => JsonNode.Parse("""
            {"cjk":"日本語のテキスト","emoji":"🙂👩‍💻🚀","rtl":"مرحبا","accents":"ñçüé","escapes":"tab\tnl\ncr\rquote\"back\\slash\/","ctrl":"\u0001\u001f","bmp-edge":"\uffff\ue000","surrogates":"\ud83d\ude00","clé":"valeur"}
            """),
        "big-integers" => JsonNode.Parse("""
            {"above2pow53":9007199254740993,"longMax":9223372036854775807,"longMin":-9223372036854775808,"ulongMax":18446744073709551615,"zero":0,"list":[9007199254740993,-9007199254740993]}
            """),
        "doubles" => JsonNode.Parse("""{"pi":3.141592653589793,"tenth":0.1,"huge":1e300,"tiny":-2.5e-300,"half":0.5,"neg":-1234.5678}"""),
        "empty-object" => new JsonObject(),
        "awkward-keys" => JsonNode.Parse("""{"$set":1,"a.b":{"c.d":2},"_id":"not-the-key","with space":3,"ünï":4,"'quoted'":5,"{braces}":6}"""),
        "deep" => Deep(32),
        "one-mebibyte" => new JsonObject { ["blob"] = Mebibyte(), ["after"] = "end" },
        "api-built" => new JsonObject { ["long"] = long.MaxValue, ["int"] = -7, ["double"] = 2.25, ["bool"] = true, ["text"] = "ok", ["arr"] = new JsonArray(1, 2) },
        "scalar-string" => JsonValue.Create("just a string 🙂"),
        "scalar-number" => JsonValue.Create(9007199254740993L),
        "scalar-array" => JsonNode.Parse("""[1,"a",{"b":[]}]"""),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such JSON sample."),
    };

    private static JsonNode Deep(int depth)
    {
        JsonNode node = JsonValue.Create("bottom");
        for (var i = depth; i > 0; i--)
        {
            node = i % 2 == 0 ? new JsonObject { ["level" + i] = node } : new JsonArray(node);
        }
        return new JsonObject { ["root"] = node };
    }

    /// <summary>A 1 MiB (UTF-8) string of varied text, so compression or truncation shows.</summary>
    private static string Mebibyte()
    {
        var builder = new StringBuilder(1 << 20);
        var i = 0;
        while (builder.Length < 1 << 20)
        {
            builder.Append("line ").Append(i++).Append(": the quick brown fox jumps over the lazy dog; ");
        }
        builder.Length = 1 << 20;
        return builder.ToString();
    }
}
