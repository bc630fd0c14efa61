namespace Chronos.Storage.RedisVector;

/// <summary>The RediSearch vector index algorithm of new collections.</summary>
public enum RedisVectorAlgorithm
{
    /// <summary>Approximate nearest neighbours on a graph: fast on large collections.</summary>
    Hnsw,

    /// <summary>Brute force: exact, for small collections.</summary>
    Flat,
}
