using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Chronos.Storage.Schema;

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
    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
        For<Session>(type, options) ?? For<MemoryRecord>(type, options) ?? For<AuditLog>(type, options)
        ?? For<Trace>(type, options) ?? For<Event>(type, options) ?? For<Checkpoint>(type, options);

    /// <summary>The entity itself, or a list, read-only list or array of it; null for any other type.</summary>
    internal static JsonTypeInfo? For<TEntity>(Type type, JsonSerializerOptions options) where TEntity : IStorageEntity<TEntity>
    {
        if (type == typeof(TEntity)) return EntityJson.CreateTypeInfo<TEntity>(options);
        if (type == typeof(List<TEntity>))
        {
            return JsonMetadataServices.CreateListInfo<List<TEntity>, TEntity>(options, new JsonCollectionInfoValues<List<TEntity>>
            {
                ObjectCreator = static () => [],
                ElementInfo = EntityJson.CreateTypeInfo<TEntity>(options),
            });
        }
        if (type == typeof(TEntity[]))
        {
            return JsonMetadataServices.CreateArrayInfo(options, new JsonCollectionInfoValues<TEntity[]>
            {
                ElementInfo = EntityJson.CreateTypeInfo<TEntity>(options),
            });
        }
        if (type == typeof(IReadOnlyList<TEntity>))
        {
            // Written as an array; read back as a List<TEntity>.
            return JsonMetadataServices.CreateIEnumerableInfo<IReadOnlyList<TEntity>, TEntity>(options, new JsonCollectionInfoValues<IReadOnlyList<TEntity>>
            {
                ElementInfo = EntityJson.CreateTypeInfo<TEntity>(options),
            });
        }
        return null;
    }
}
