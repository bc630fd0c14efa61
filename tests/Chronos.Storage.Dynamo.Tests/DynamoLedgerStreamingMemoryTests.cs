using Chronos.Storage.Conformance;
using Xunit;

namespace Chronos.Storage.Dynamo.Tests;

/// <summary>Runs the streaming-memory test alone: live managed memory is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DynamoMemoryMeasurements
{
    public const string Name = "dynamo memory measurements";
}

/// <summary>
/// The streaming-memory test on DynamoDB Local. 10,000 events (payloads sized so the whole ledger still costs over
/// twice the bound): appends to one session take turns (a transaction each, ~8 ms on DynamoDB Local), so 200,000
/// would take half an hour.
/// </summary>
[RequiresTestServer(TestServers.Dynamo)]
[Collection(DynamoMemoryMeasurements.Name)]
public sealed class DynamoLedgerStreamingMemoryTests : LedgerStreamingMemoryTests
{
    private readonly DynamoTableFixture _table = new();

    protected override int LedgerLength => 10_000;

    protected override async Task<IStorage> CreateStoreAsync()
    {
        var store = new DynamoStorage(DynamoTestServer.Options(_table.TableName));
        await store.MigrateAsync();
        return store;
    }

    protected override async ValueTask DisposeStoreAsync(IStorage store)
    {
        await store.DisposeAsync();
        await _table.DisposeAsync();
    }
}
