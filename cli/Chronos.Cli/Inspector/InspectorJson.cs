using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Chronos.Storage.Json;

namespace Chronos.Cli.Inspector;

/// <summary>An agent the inspector serves: its id, backend name and the DSN with every secret masked.</summary>
internal sealed record AgentInfo(string Id, string Backend, string Location);

/// <summary>The difference between two checkpoints of a session.</summary>
internal sealed record CheckpointDiff(string Before, long BeforeSeqNum, string After, long AfterSeqNum, List<JsonDiffEntry> Changes);

/// <summary>What a failed request says (never a stack trace, never a DSN).</summary>
internal sealed record ErrorInfo(string Error);

/// <summary>The inspector's own response shapes, source-generated (no reflection: NativeAOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<AgentInfo>))]
[JsonSerializable(typeof(CheckpointDiff))]
[JsonSerializable(typeof(ErrorInfo))]
internal sealed partial class InspectorJsonContext : JsonSerializerContext;

/// <summary>
/// The serializer options of every response: the inspector's shapes, and the entities in their stored shape through
/// <see cref="ChronosJsonResolver"/>. The default encoder escapes &lt;, &gt; and &amp; inside strings, so stored text
/// cannot close a tag even if a response were ever read as HTML.
/// </summary>
internal static class InspectorJson
{
    private static readonly JsonSerializerOptions Entities = new() { TypeInfoResolver = ChronosJsonResolver.Instance };

    /// <summary>The inspector's own shapes from its context (with its snake_case names), the entities from Chronos's resolver.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() =>
        (JsonTypeInfo<T>)(InspectorJsonContext.Default.GetTypeInfo(typeof(T)) ?? Entities.GetTypeInfo(typeof(T)));
}
