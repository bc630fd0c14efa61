using System.Text;
using System.Text.Json.Nodes;
using Chronos.Storage.Providers;

namespace Chronos.Storage.RedisVector.Tests;

/// <summary>
/// A recorded conversation with Redis Stack, written by hand from the Redis command reference: each exchange names the
/// documentation section it follows, the exact command array the adapter must send and the documented reply.
/// <para>JSON encoding. Request elements: a string is its UTF-8 bytes, a number its decimal text, <c>{"f32": [..]}</c>
/// little-endian float32 bytes. Replies: a string is a bulk string, a number an integer, null a null bulk string, an
/// array an array, <c>{"status": "OK"}</c> a simple string, <c>{"error": ".."}</c> an error, <c>{"f32": [..]}</c> a bulk
/// string of float32 bytes.</para>
/// </summary>
internal sealed record RespFixture(string Scenario, IReadOnlyList<RespExchange> Exchanges)
{
    public static RespFixture Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", file);
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var exchanges = root["exchanges"]!.AsArray().Select(e =>
        {
            var exchange = e!.AsObject();
            return new RespExchange(
                exchange["doc"]?.GetValue<string>() ?? throw new InvalidDataException($"{path}: every exchange must name its 'doc' section."),
                exchange["request"]!.AsArray().Select(RequestBytes).ToArray(),
                ReplyBytes(exchange["reply"]));
        }).ToArray();
        return new RespFixture(root["scenario"]?.GetValue<string>() ?? file, exchanges);
    }

    private static byte[] RequestBytes(JsonNode? node) => node switch
    {
        JsonObject o when o["f32"] is JsonArray floats => Floats(floats),
        JsonValue v when v.TryGetValue<string>(out var text) => Encoding.UTF8.GetBytes(text),
        JsonValue v => Encoding.UTF8.GetBytes(v.ToJsonString()),
        _ => throw new InvalidDataException($"unsupported request element {node?.ToJsonString()}"),
    };

    /// <summary>The RESP2 bytes of a reply.</summary>
    public static byte[] ReplyBytes(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        WriteReply(buffer, node);
        return buffer.ToArray();
    }

    private static void WriteReply(MemoryStream output, JsonNode? node)
    {
        switch (node)
        {
            case null:
                Write(output, "$-1\r\n");
                break;
            case JsonArray array:
                Write(output, $"*{array.Count}\r\n");
                foreach (var item in array) WriteReply(output, item);
                break;
            case JsonObject o when o["status"] is { } status:
                Write(output, $"+{status.GetValue<string>()}\r\n");
                break;
            case JsonObject o when o["error"] is { } error:
                Write(output, $"-{error.GetValue<string>()}\r\n");
                break;
            case JsonObject o when o["f32"] is JsonArray floats:
                Bulk(output, Floats(floats));
                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                Bulk(output, Encoding.UTF8.GetBytes(text));
                break;
            case JsonValue v:
                Write(output, $":{v.ToJsonString()}\r\n");
                break;
            default:
                throw new InvalidDataException($"unsupported reply {node.ToJsonString()}");
        }
    }

    private static void Bulk(MemoryStream output, byte[] bytes)
    {
        Write(output, $"${bytes.Length}\r\n");
        output.Write(bytes);
        Write(output, "\r\n");
    }

    private static void Write(MemoryStream output, string text) => output.Write(Encoding.UTF8.GetBytes(text));

    private static byte[] Floats(JsonArray floats) => VectorBytes.ToLittleEndian(floats.Select(f => f!.GetValue<float>()).ToArray());
}

/// <summary>One command and its reply.</summary>
internal sealed record RespExchange(string Doc, IReadOnlyList<byte[]> Request, byte[] Reply);
