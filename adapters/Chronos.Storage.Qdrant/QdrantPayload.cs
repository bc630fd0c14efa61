using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using Qdrant.Client.Grpc;

namespace Chronos.Storage.Qdrant;

/// <summary>
/// An embedding as a Qdrant point payload: the original id (point ids are UUIDs derived from it), the flat metadata
/// and content (<see cref="FlatMetadata"/>), and the vector's norm, because Qdrant stores cosine vectors normalized
/// and the original is given back by rescaling.
/// </summary>
internal static class QdrantPayload
{
    public const string IdKey = VectorGuard.ReservedMetadataPrefix + "id";
    public const string NormKey = VectorGuard.ReservedMetadataPrefix + "norm";

    public static PointStruct ToPoint(Embedding embedding)
    {
        var point = new PointStruct { Id = StableUuid.For(embedding.Id), Vectors = embedding.Vector.ToArray() };
        point.Payload[IdKey] = embedding.Id;
        point.Payload[NormKey] = Norm(embedding.Vector.Span);
        // Arrays of scalars are copied too: a Qdrant match on an array holds when any item matches (Contains).
        foreach (var (key, value) in FlatMetadata.From(embedding, FlatMetadata.IsScalarArray))
        {
            point.Payload[key] = value is JsonArray array ? ToList(array) : ToValue((JsonValue)value!);
        }
        return point;
    }

    public static VectorSearchResult ToResult(ScoredPoint point) =>
        new(ToEmbedding(point.Id, point.Payload, point.Vectors), point.Score);

    public static Embedding ToEmbedding(RetrievedPoint point) => ToEmbedding(point.Id, point.Payload, point.Vectors);

    private static Embedding ToEmbedding(PointId pointId, IDictionary<string, Value> payload, VectorsOutput? vectors)
    {
        var flat = new JsonObject();
        foreach (var (key, value) in payload)
        {
            if (key is not (IdKey or NormKey))
            {
                flat[key] = ToJson(value);
            }
        }
        var (metadata, content) = FlatMetadata.Read(flat);
        var id = payload.TryGetValue(IdKey, out var original) ? original.StringValue : pointId.Uuid;
        // Servers before 1.14 answer in the deprecated 'data' field, newer ones in 'dense': read either.
#pragma warning disable CS0612
        var stored = vectors?.Vector is { } vector ? (vector.Dense?.Data ?? vector.Data) : null;
#pragma warning restore CS0612
        var values = stored?.ToArray() ?? [];
        if (payload.TryGetValue(NormKey, out var norm) && norm.KindCase == Value.KindOneofCase.DoubleValue)
        {
            var unit = Norm(values);
            for (var i = 0; i < values.Length && unit > 0; i++)
            {
                values[i] = (float)(values[i] / unit * norm.DoubleValue);
            }
        }
        return new Embedding { Id = id, Vector = values, Metadata = metadata, Content = content };
    }

    private static Value ToValue(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ when value.TryGetValue<long>(out var integer) => integer,
        _ when value.TryGetValue<int>(out var small) => (long)small,
        _ => MetadataFilter.ToDouble(value),
    };

    private static Value ToList(JsonArray array)
    {
        var list = new ListValue();
        foreach (var item in array)
        {
            list.Values.Add(ToValue((JsonValue)item!));
        }
        return new Value { ListValue = list };
    }

    private static JsonNode? ToJson(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.StringValue => value.StringValue,
        Value.KindOneofCase.IntegerValue => value.IntegerValue,
        Value.KindOneofCase.DoubleValue => value.DoubleValue,
        Value.KindOneofCase.BoolValue => value.BoolValue,
        _ => null,
    };

    private static double Norm(ReadOnlySpan<float> vector)
    {
        double sum = 0;
        foreach (var x in vector)
        {
            sum += (double)x * x;
        }
        return Math.Sqrt(sum);
    }
}
