using Chronos.Storage;
using Chronos.Storage.Conformance;
using Chronos.Storage.Sqlite;

namespace KitCheck;

/// <summary>
/// What an adapter author outside the repository writes: one class that inherits the packaged kit and points it at
/// the store under test (here the packaged SQLite adapter, a private in-memory database per test), and gets every
/// conformance case.
/// </summary>
public sealed class TinyAdapterConformanceTests : StorageConformanceTests
{
    protected override async Task<IStorage> CreateStoreAsync() => await SqliteStorage.OpenAsync(SqliteDsn.Memory);
}
