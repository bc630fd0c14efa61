using Chronos.Storage.Conformance;

namespace Chronos.Storage.Sqlite.Tests;

/// <summary>The user-entity and migration suite on one database file per test (reopened across entity versions).</summary>
public sealed class SqliteUserEntityConformanceTests : UserEntityConformanceTests, IDisposable
{
    private readonly TempDatabase _files = new();

    protected override async Task<IStorage> OpenAsync() => await SqliteStorage.OpenAsync(_files.File(), new SqliteStorageOptions { Migrate = false }); // as the base class says: tests migrate themselves

    public void Dispose() => _files.Dispose();
}
