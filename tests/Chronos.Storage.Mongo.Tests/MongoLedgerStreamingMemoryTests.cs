using Chronos.Storage.Conformance;
using Xunit;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>Runs the streaming-memory test alone: live managed memory is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MongoMemoryMeasurements
{
    public const string Name = "mongo memory measurements";
}

/// <summary>
/// The streaming-memory test on MongoDB. 10,000 events (payloads sized so the whole ledger still costs over twice the
/// bound): seeded through the adapter's append, one insert per event, which the CongoDB test server takes at a few
/// hundred a second with 3 KB payloads.
/// </summary>
[RequiresTestServer(TestServers.Mongo)]
[Collection(MongoMemoryMeasurements.Name)]
public sealed class MongoLedgerStreamingMemoryTests : LedgerStreamingMemoryTests
{
    protected override int LedgerLength => 10_000;

    protected override async Task<IStorage> CreateStoreAsync() => await MongoTestDatabase.OpenAsync(nameof(MongoLedgerStreamingMemoryTests));

    protected override ValueTask DisposeStoreAsync(IStorage store) => MongoTestDatabase.DropAsync((MongoStorage)store);
}
