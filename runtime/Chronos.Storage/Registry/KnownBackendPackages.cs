namespace Chronos.Storage.Providers;

/// <summary>
/// The shipped adapters' backend names and the package that adds each: the one place the core names backends.
/// Only used to tell a user which package to add when the configuration names a backend the application does not
/// reference (a package that is not referenced cannot say so itself); nothing else depends on it, the registry comes
/// from the adapters' own attributes, and a third-party adapter works without a row here. Kept equal to the adapters'
/// <c>[assembly: StorageBackend&lt;T&gt;]</c>/<c>VectorBackend&lt;T&gt;</c> declarations by KnownBackendPackagesTests.
/// </summary>
internal static class KnownBackendPackages
{
    /// <summary>Storage backends.</summary>
    public static IReadOnlyDictionary<string, string> Storage { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sqlite"] = "Chronos.Storage.Sqlite",
        ["postgres"] = "Chronos.Storage.Postgres",
        ["redis"] = "Chronos.Storage.Redis",
        ["mongo"] = "Chronos.Storage.Mongo",
        ["dynamo"] = "Chronos.Storage.Dynamo",
        ["mysql"] = "Chronos.Storage.MySql",
        ["mariadb"] = "Chronos.Storage.MySql",
    };

    /// <summary>Vector-store backends.</summary>
    public static IReadOnlyDictionary<string, string> Vector { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sqlite"] = "Chronos.Storage.Sqlite",
        ["qdrant"] = "Chronos.Storage.Qdrant",
        ["pinecone"] = "Chronos.Storage.Pinecone",
        ["weaviate"] = "Chronos.Storage.Weaviate",
        ["milvus"] = "Chronos.Storage.Milvus",
        // Not "redis": Chronos.Storage.RedisVector declares no VectorBackend factory, so adding it would not make
        // `vector: { backend: redis }` open; the hint would send the user to a package that does not help.
    };
}
