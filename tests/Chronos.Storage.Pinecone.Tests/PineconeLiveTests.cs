using Chronos.Storage.VectorConformance;
using Chronos.Storage.Vectors;

namespace Chronos.Storage.Pinecone.Tests;

/// <summary>
/// The vector conformance suite against a real Pinecone project when <c>CHRONOS_TEST_PINECONE</c> holds
/// <c>apiKey;indexName</c> (the index is created with the suite's dimension if missing). Skipped otherwise.
/// </summary>
public sealed class PineconeLiveTests : VectorStoreConformanceTests
{
    private const string Variable = "CHRONOS_TEST_PINECONE";

    protected override string? SkipReason => LiveServer.SkipUnless(Variable, "Pinecone project");

    protected override int LargeUpsertCount => 250;

    // Pinecone is eventually consistent: freshly written records become searchable within seconds.
    protected override Task AfterWriteAsync() => Task.Delay(TimeSpan.FromSeconds(10));

    protected override Task<IVectorStore> CreateStoreAsync()
    {
        var parts = LiveServer.Setting(Variable)!.Split(';', 2);
        return Task.FromResult<IVectorStore>(new PineconeVectorStore(new PineconeVectorStoreOptions
        {
            ApiKey = parts[0],
            IndexName = parts.Length > 1 ? parts[1] : "chronos-conformance",
        }));
    }
}
