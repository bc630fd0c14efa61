using Chronos.Storage.Sqlite.Vectors;
using Chronos.Storage.Vectors;

namespace Chronos.VectorData.Tests;

/// <summary>The MEVD contract on the embedded store (always runs).</summary>
public sealed class SqliteVectorDataTests : VectorDataConformanceTests
{
    protected override Task<IVectorStore> CreateChronosStoreAsync() => Task.FromResult<IVectorStore>(SqliteVectorStore.InMemory());
}
