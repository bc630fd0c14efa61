using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Chronos.Storage.Json;

/// <summary>
/// The System.Text.Json resolver for the six built-in entities (<see cref="Session"/>, <see cref="MemoryRecord"/>,
/// <see cref="AuditLog"/>, <see cref="Trace"/>, <see cref="Event"/>, <see cref="Checkpoint"/>) and lists and arrays of
/// them, in their persisted shape (storage names). Reflection-free, so trim- and NativeAOT-safe: add it to
/// <see cref="JsonSerializerOptions.TypeInfoResolverChain"/> (e.g. ASP.NET Core's <c>ConfigureHttpJsonOptions</c>)
/// beside the application's own <c>JsonSerializerContext</c>.
/// </summary>
public sealed class ChronosJsonResolver : IJsonTypeInfoResolver
{
    /// <summary>The one instance (it holds no state).</summary>
    public static ChronosJsonResolver Instance { get; } = new();

    private ChronosJsonResolver()
    {
    }

    /// <inheritdoc />
    /// <remarks>The list of entities is generated (<c>ChronosEntitiesJsonResolver</c> of this assembly, as in every
    /// assembly that declares entities), so a new built-in entity is served without an edit here.</remarks>
    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
        ChronosEntitiesJsonResolver.Default.GetTypeInfo(type, options);
}
