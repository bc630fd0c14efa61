using Chronos.Storage.VectorConformance;
using Chronos.Storage.Vectors;

namespace Chronos.Storage.Sqlite.Vectors.Tests;

/// <summary>The whole vector conformance suite on the in-memory variant.</summary>
public sealed class InMemorySqliteVectorStoreConformanceTests : VectorStoreConformanceTests
{
    protected override Task<IVectorStore> CreateStoreAsync() => Task.FromResult<IVectorStore>(SqliteVectorStore.InMemory());
}

/// <summary>The whole vector conformance suite on a database file.</summary>
public sealed class FileSqliteVectorStoreConformanceTests : VectorStoreConformanceTests, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"chronos-vectors-{Guid.NewGuid():N}.db");

    protected override Task<IVectorStore> CreateStoreAsync() =>
        Task.FromResult<IVectorStore>(new SqliteVectorStore(SqliteVectorStoreOptions.File(_path)));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
