using System.Text.Json.Nodes;

namespace Chronos.Storage.VectorConformance.Http;

/// <summary>
/// A recorded conversation with a vector service, written by hand from the vendor's API reference: each exchange
/// names the documentation section it follows, the exact request the adapter must send and the documented answer.
/// </summary>
public sealed record HttpFixture(string Scenario, IReadOnlyList<HttpExchange> Exchanges)
{
    /// <summary>Reads a fixture file (JSON: <c>{"scenario", "exchanges": [{"doc", "request", "response"}]}</c>).</summary>
    public static HttpFixture Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var exchanges = root["exchanges"]!.AsArray().Select(e => HttpExchange.From(e!.AsObject(), path)).ToArray();
        return new HttpFixture(root["scenario"]?.GetValue<string>() ?? Path.GetFileNameWithoutExtension(path), exchanges);
    }
}

/// <summary>One request and its answer.</summary>
public sealed record HttpExchange(
    string Doc,
    string Method,
    string Url,
    IReadOnlyDictionary<string, string> Headers,
    JsonNode? RequestBody,
    int Status,
    JsonNode? ResponseBody,
    IReadOnlyDictionary<string, string> ResponseHeaders)
{
    internal static HttpExchange From(JsonObject exchange, string path)
    {
        var request = exchange["request"]?.AsObject() ?? throw new InvalidDataException($"{path}: an exchange has no 'request'.");
        var response = exchange["response"]?.AsObject() ?? throw new InvalidDataException($"{path}: an exchange has no 'response'.");
        return new HttpExchange(
            exchange["doc"]?.GetValue<string>() ?? throw new InvalidDataException($"{path}: every exchange must name its 'doc' section."),
            request["method"]!.GetValue<string>(),
            request["url"]!.GetValue<string>(),
            Strings(request["headers"]),
            request["body"]?.DeepClone(),
            response["status"]!.GetValue<int>(),
            response["body"]?.DeepClone(),
            Strings(response["headers"]));
    }

    private static Dictionary<string, string> Strings(JsonNode? node) =>
        node?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.OrdinalIgnoreCase)
        ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
