using Chronos.Storage.Vectors;
using Microsoft.Extensions.VectorData;

namespace Chronos.VectorData;

/// <summary>
/// MEVD's <see cref="DistanceFunction"/> and <see cref="IndexKind"/> against what Chronos does: every Chronos backend
/// searches by cosine similarity, so <see cref="DistanceFunction.CosineSimilarity"/> (default) and
/// <see cref="DistanceFunction.CosineDistance"/> (1 - similarity) are exact and everything else is refused.
/// </summary>
internal static class DistanceSupport
{
    public static bool IsDistance(VectorRecordProperty vector, string backend, string collection) => vector.DistanceFunction switch
    {
        null or DistanceFunction.CosineSimilarity => false,
        DistanceFunction.CosineDistance => true,
        var other => throw new VectorCapabilityNotSupportedException(backend, collection, $"DistanceFunction '{other}' on '{vector.Name}'",
            "Chronos searches by cosine similarity on every backend: use DistanceFunction.CosineSimilarity (or CosineDistance)."),
    };

    public static void CheckIndexKind(VectorRecordProperty vector, string backend, string collection)
    {
        if (vector.IndexKind is not (null or IndexKind.Flat or IndexKind.Hnsw))
        {
            throw new VectorCapabilityNotSupportedException(backend, collection, $"IndexKind '{vector.IndexKind}' on '{vector.Name}'",
                "Chronos uses each backend's own index (exact on the embedded store, the service's HNSW elsewhere): leave IndexKind unset, or use Flat or Hnsw.");
        }
    }

    public static double Score(float similarity, bool distance) => distance ? 1d - similarity : similarity;

    public static float MinSimilarity(double threshold, bool distance) => (float)Math.Clamp(distance ? 1d - threshold : threshold, -1d, 1d);
}
