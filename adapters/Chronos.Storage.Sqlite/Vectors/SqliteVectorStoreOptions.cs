namespace Chronos.Storage.Sqlite.Vectors;

/// <summary>Where the embedded vector store keeps its data.</summary>
public sealed record SqliteVectorStoreOptions
{
    /// <summary>
    /// A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=vectors.db</c>; <c>Data Source=:memory:</c> keeps
    /// everything in memory for the life of the store (tests).
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>Options for a store that lives only in memory.</summary>
    public static SqliteVectorStoreOptions InMemory() => new() { ConnectionString = "Data Source=:memory:" };

    /// <summary>Options for a store persisted in the file at <paramref name="path"/> (created if missing).</summary>
    public static SqliteVectorStoreOptions File(string path) => new() { ConnectionString = $"Data Source={path}" };
}
