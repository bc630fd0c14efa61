using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Chronos.Agents;

/// <summary>
/// The JSON contracts of this package's own state, source-generated (no reflection, NativeAOT-safe), and the
/// conversions between System.Text.Json's element and node forms that MAF and Chronos use respectively.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ChatHistoryState))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class ChronosAgentsJsonContext : JsonSerializerContext
{
    /// <summary>A <see cref="JsonElement"/> (MAF's serialized form) as a node a Chronos record can hold.</summary>
    public static JsonNode? ToNode(JsonElement element) => JsonSerializer.SerializeToNode(element, Default.JsonElement);

    /// <summary>A stored node back as an independent <see cref="JsonElement"/>.</summary>
    public static JsonElement ToElement(JsonNode? node) => JsonSerializer.SerializeToElement(node, Default.JsonNode);
}
