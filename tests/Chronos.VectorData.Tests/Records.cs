using Microsoft.Extensions.VectorData;

namespace Chronos.VectorData.Tests;

/// <summary>The record of the conformance tests (MEVD's own tests use a hotel too). Its mapping is generated.</summary>
public sealed class Hotel
{
    public const int Dimensions = 24;

    [VectorStoreKey]
    public string Id { get; set; } = "";

    [VectorStoreData(StorageName = "hotel_name")]
    public string HotelName { get; set; } = "";

    [VectorStoreData]
    public int Stars { get; set; }

    [VectorStoreData]
    public double Rating { get; set; }

    [VectorStoreData]
    public bool IsOpen { get; set; }

    [VectorStoreData]
    public string[] Tags { get; set; } = [];

    [VectorStoreData]
    public string? City { get; set; }

    [VectorStoreData]
    public DateTimeOffset? Opened { get; set; }

    [VectorStoreVector(Dimensions)]
    public ReadOnlyMemory<float> Embedding { get; set; }
}

/// <summary>A Guid key, a float[] vector, a list, and cosine distance scores.</summary>
public sealed record Review
{
    [VectorStoreKey]
    public Guid Id { get; init; }

    [VectorStoreData]
    public List<int> Scores { get; init; } = [];

    [VectorStoreData]
    public long Count { get; init; }

    [VectorStoreVector(Hotel.Dimensions, DistanceFunction = DistanceFunction.CosineDistance, IndexKind = IndexKind.Flat)]
    public float[]? Vector { get; init; }
}

internal static class Vectors
{
    /// <summary>A vector of <see cref="Hotel.Dimensions"/> starting with <paramref name="head"/>, zeros after.</summary>
    public static float[] V(params float[] head)
    {
        var vector = new float[Hotel.Dimensions];
        head.CopyTo(vector, 0);
        return vector;
    }
}
