using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Json;

/// <summary>
/// JSON for any storage entity through its generated visitor: property names are the storage names, times are
/// ISO 8601 UTC with microseconds. No reflection, so it is trim- and NativeAOT-safe.
/// </summary>
public static class EntityJson
{
    /// <summary>The type info of <typeparamref name="TEntity"/> (one per entity, cached).</summary>
    public static JsonTypeInfo<TEntity> TypeInfo<TEntity>() where TEntity : IStorageEntity<TEntity> => Cache<TEntity>.Info;

    /// <summary>Serializes an entity.</summary>
    public static string Serialize<TEntity>(TEntity entity) where TEntity : IStorageEntity<TEntity> =>
        JsonSerializer.Serialize(entity, TypeInfo<TEntity>());

    /// <summary>Deserializes an entity.</summary>
    public static TEntity? Deserialize<TEntity>(string json) where TEntity : IStorageEntity<TEntity> =>
        JsonSerializer.Deserialize(json, TypeInfo<TEntity>());

    /// <summary>
    /// A type info of <typeparamref name="TEntity"/> bound to <paramref name="options"/>, for resolvers
    /// (<see cref="ChronosJsonResolver"/> and the ones generated for applications' entities): System.Text.Json
    /// requires every type info it is handed to belong to the options that asked.
    /// </summary>
    public static JsonTypeInfo<TEntity> CreateTypeInfo<TEntity>(JsonSerializerOptions options) where TEntity : IStorageEntity<TEntity> =>
        JsonMetadataServices.CreateValueInfo<TEntity>(options, new EntityConverter<TEntity>());

    /// <summary>
    /// The type info of <paramref name="type"/> bound to <paramref name="options"/> when it is <typeparamref name="TEntity"/>
    /// itself, a <see cref="List{T}"/>, an <see cref="IReadOnlyList{T}"/> or an array of it; null for any other type. The
    /// building block of <see cref="IJsonTypeInfoResolver"/>s over entities (<see cref="ChronosJsonResolver"/> and the
    /// generated <c>ChronosEntitiesJsonResolver</c>).
    /// </summary>
    public static JsonTypeInfo? ResolveTypeInfo<TEntity>(Type type, JsonSerializerOptions options) where TEntity : IStorageEntity<TEntity>
    {
        if (type == typeof(TEntity)) return CreateTypeInfo<TEntity>(options);
        if (type == typeof(List<TEntity>))
        {
            return JsonMetadataServices.CreateListInfo<List<TEntity>, TEntity>(options, new JsonCollectionInfoValues<List<TEntity>>
            {
                ObjectCreator = static () => [],
                ElementInfo = CreateTypeInfo<TEntity>(options),
            });
        }
        if (type == typeof(TEntity[]))
        {
            return JsonMetadataServices.CreateArrayInfo(options, new JsonCollectionInfoValues<TEntity[]>
            {
                ElementInfo = CreateTypeInfo<TEntity>(options),
            });
        }
        if (type == typeof(IReadOnlyList<TEntity>))
        {
            // Written as an array; read back as a List<TEntity>.
            return JsonMetadataServices.CreateIEnumerableInfo<IReadOnlyList<TEntity>, TEntity>(options, new JsonCollectionInfoValues<IReadOnlyList<TEntity>>
            {
                ElementInfo = CreateTypeInfo<TEntity>(options),
            });
        }
        return null;
    }

    private static class Cache<TEntity> where TEntity : IStorageEntity<TEntity>
    {
        // The options need a resolver before they can be frozen; the entity's own converter does all the work, so
        // an empty (reflection-free) one is enough. The resolver that serves the entity types themselves to an
        // application's own options is ChronosJsonResolver. The entity object is one level above its JSON fields, so
        // a field at the storage limit (StorageLimits.MaxJsonDepth) is one level deeper here.
        public static readonly JsonTypeInfo<TEntity> Info = CreateTypeInfo<TEntity>(new JsonSerializerOptions
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(),
            MaxDepth = StorageLimits.MaxJsonDepth + 1,
        });
    }

    private sealed class EntityConverter<TEntity> : JsonConverter<TEntity> where TEntity : IStorageEntity<TEntity>
    {
        public override TEntity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException($"{TEntity.Schema.EntityName}: expected a JSON object, found {document.RootElement.ValueKind}.");
            }
            var fieldReader = new JsonEntityReader(document.RootElement, TEntity.Schema);
            return TEntity.Read(ref fieldReader);
        }

        public override void Write(Utf8JsonWriter writer, TEntity value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            var fieldWriter = new JsonEntityWriter(writer, TEntity.Schema);
            TEntity.Write(value, ref fieldWriter);
            writer.WriteEndObject();
        }
    }
}
