using Chronos.Storage;
using Chronos.Storage.Conformance;
using Chronos.Storage.Sqlite;
using Chronos.Storage.Sqlite.Vectors;
using Chronos.Storage.VectorConformance;
using Chronos.Storage.Vectors;

namespace KitCheck;

/// <summary>
/// The packaged storage conformance kit against the packaged SQLite adapter (a private in-memory database per test):
/// one class that inherits the kit and points it at the store under test gets every conformance case.
/// </summary>
public sealed class PackagedSqliteConformanceTests : StorageConformanceTests
{
    protected override async Task<IStorage> CreateStoreAsync() => await SqliteStorage.OpenAsync(SqliteDsn.Memory);
}

/// <summary>The packaged vector conformance kit against the packaged embedded SQLite vector store, the same way.</summary>
public sealed class PackagedSqliteVectorConformanceTests : VectorStoreConformanceTests
{
    protected override Task<IVectorStore> CreateStoreAsync() => Task.FromResult<IVectorStore>(SqliteVectorStore.InMemory());
}
