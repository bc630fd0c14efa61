using Chronos.Storage.TestBackend;
using Xunit;

namespace Chronos.Storage.Conformance.SelfTests;

/// <summary>Runs the streaming-memory test alone: live managed memory is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReferenceMemoryMeasurements
{
    public const string Name = "reference memory measurements";
}

/// <summary>The streaming-memory test against the reference store.</summary>
[Collection(ReferenceMemoryMeasurements.Name)]
public sealed class ReferenceLedgerStreamingMemoryTests : LedgerStreamingMemoryTests
{
    protected override async Task<IStorage> CreateStoreAsync()
    {
        var store = new InMemoryStorage(Defect.None);
        await store.MigrateAsync();
        return store;
    }

    /// <summary>
    /// 20,000: the reference store keeps every row in the managed heap (outside the measured growth, which starts
    /// after seeding) and filters and sorts all of a session's rows on each page read, so a page costs O(ledger).
    /// </summary>
    protected override int LedgerLength => 20_000;
}
