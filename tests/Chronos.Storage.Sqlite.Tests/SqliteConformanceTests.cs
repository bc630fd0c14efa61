using Chronos.Storage.Conformance;

namespace Chronos.Storage.Sqlite.Tests;

/// <summary>The conformance suite on a private in-memory database (one per test).</summary>
public sealed class SqliteInMemoryConformanceTests : StorageConformanceTests
{
    protected override async Task<IStorage> CreateStoreAsync() => await SqliteStorage.OpenAsync(SqliteDsn.Memory);
}

/// <summary>The conformance suite on a database file in WAL mode (one file per test): the configuration users run.</summary>
public sealed class SqliteFileConformanceTests : StorageConformanceTests
{
    private readonly TempDatabase _files = new();

    protected override async Task<IStorage> CreateStoreAsync() => await SqliteStorage.OpenAsync(_files.File());

    protected override async ValueTask DisposeStoreAsync(IStorage store)
    {
        await store.DisposeAsync();
        _files.Dispose();
    }
}
