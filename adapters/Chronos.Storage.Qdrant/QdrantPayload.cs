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
        foreach (var (key, value) in FlatMetadata.From(embedding))
        {
            point.Payload[key] = ToValue((JsonValue)value!);
        }
        return point;
    }

    public static VectorSearchResult ToResult(ScoredPoint point)
    {
        var flat = new JsonObject();
        foreach (var (key, value) in point.Payload)
        {
            if (key is not (IdKey or NormKey))
            {
                flat[key] = ToJson(value);
            }
        }
        var (metadata, content) = FlatMetadata.Read(flat);
        var id = point.Payload.TryGetValue(IdKey, out var original) ? original.StringValue : point.Id.Uuid;
        // Servers before 1.14 answer in the deprecated 'data' field, newer ones in 'dense': read either.
#pragma warning disable CS0612
        var stored = point.Vectors?.Vector is { } vector ? (vector.Dense?.Data ?? vector.Data) : null;
#pragma warning restore CS0612
        var values = stored?.ToArray() ?? [];
        if (point.Payload.TryGetValue(NormKey, out var norm) && norm.KindCase == Value.KindOneofCase.DoubleValue)
        {
            var unit = Norm(values);
            for (var i = 0; i < values.Length && unit > 0; i++)
            {
                values[i] = (float)(values[i] / unit * norm.DoubleValue);
            }
        }
        return new VectorSearchResult(new Embedding { Id = id, Vector = values, Metadata = metadata, Content = content }, point.Score);
    }

    /// <summary>All keys must hold the value: strings and booleans by match, numbers by a closed range (integer or not).</summary>
    public static Filter? ToFilter(IReadOnlyDictionary<string, JsonValue>? equals)
    {
        if (equals is null || equals.Count == 0)
        {
            return null;
        }
        var filter = new Filter();
        foreach (var (key, value) in equals.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            filter.Must.Add(value.GetValueKind() switch
            {
                JsonValueKind.String => Conditions.MatchKeyword(key, value.GetValue<string>()),
                JsonValueKind.True => Conditions.Match(key, true),
                JsonValueKind.False => Conditions.Match(key, false),
                _ => Conditions.Range(key, new global::Qdrant.Client.Grpc.Range { Gte = MetadataFilter.ToDouble(value), Lte = MetadataFilter.ToDouble(value) }),
            });
        }
        return filter;
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
