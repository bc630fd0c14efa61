using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chronos.Agents;

/// <summary>
/// The JSON contracts of this package's own state, source-generated (no reflection, NativeAOT-safe), and the one rule
/// for JSON that MAF reads back itself.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ChatHistoryState))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class ChronosAgentsJsonContext : JsonSerializerContext
{
    /// <summary>
    /// JSON that MAF deserializes itself (serialized sessions, checkpoint values) is stored as its exact text, not as a
    /// JSON value: PostgreSQL's jsonb reorders object properties, and System.Text.Json's polymorphic contracts (which
    /// MAF uses for message contents and checkpoint state) require <c>$type</c> to come first.
    /// </summary>
    public static string ToStoredText(JsonElement element) => element.GetRawText();

    /// <summary>The stored text back as an independent element, read with the depth limit every stored value has.</summary>
    public static JsonElement FromStoredText(string text)
    {
        using var document = JsonDocument.Parse(text, Chronos.Storage.Providers.JsonLimits.DocumentOptions);
        return document.RootElement.Clone();
    }

    /// <summary>A serializer failure in one line: System.Text.Json puts the cause (e.g. the depth limit) in the inner exception.</summary>
    public static string Describe(Exception e) => e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
}
