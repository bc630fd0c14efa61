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
    /// 10,000: the reference store checks its unique indexes by scanning every row on each insert (seeding is
    /// quadratic) and filters and sorts all of a session's rows on each page read. Its rows live in the managed heap,
    /// before the baseline is taken, so they do not count towards the growth measured.
    /// </summary>
    protected override int LedgerLength => 10_000;
}
