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

    private static class Cache<TEntity> where TEntity : IStorageEntity<TEntity>
    {
        // The options need a resolver before they can be frozen; the entity's own converter does all the work, so
        // an empty (reflection-free) one is enough. A resolver that serves the entity types themselves is
        // EntityJsonResolver, for applications that chain it into their own options.
        public static readonly JsonTypeInfo<TEntity> Info = JsonMetadataServices.CreateValueInfo<TEntity>(
            new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() }, new EntityConverter<TEntity>());
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
