namespace Chronos.Storage.Registry;

/// <summary>
/// The first-party adapters and the package that adds each. Only used to tell a user which package to add when
/// the configuration names a backend the application does not reference; the registry itself comes from the
/// adapters' own attributes.
/// </summary>
public static class KnownBackendPackages
{
    /// <summary>Storage backends.</summary>
    public static IReadOnlyDictionary<string, string> Storage { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sqlite"] = "Chronos.Storage.Sqlite",
        ["postgres"] = "Chronos.Storage.Postgres",
        ["redis"] = "Chronos.Storage.Redis",
        ["mongo"] = "Chronos.Storage.Mongo",
        ["dynamo"] = "Chronos.Storage.Dynamo",
    };

    /// <summary>Vector-store backends.</summary>
    public static IReadOnlyDictionary<string, string> Vector { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sqlite"] = "Chronos.Storage.Sqlite",
        ["qdrant"] = "Chronos.Storage.Qdrant",
        ["pinecone"] = "Chronos.Storage.Pinecone",
        ["weaviate"] = "Chronos.Storage.Weaviate",
        ["milvus"] = "Chronos.Storage.Milvus",
        ["redis"] = "Chronos.Storage.RedisVector",
    };
}
