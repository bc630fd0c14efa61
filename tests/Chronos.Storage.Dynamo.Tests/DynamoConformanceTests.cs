using Chronos.Storage.Conformance;
using Xunit;

namespace Chronos.Storage.Dynamo.Tests;

/// <summary>
/// The whole conformance suite on DynamoDB Local. Query pages hold 3 items, so every list longer than that also proves
/// that paging through <c>LastEvaluatedKey</c> keeps records and order.
/// </summary>
[RequiresTestServer(TestServers.Dynamo)]
public sealed class DynamoConformanceTests(DynamoTableFixture table) : StorageConformanceTests, IClassFixture<DynamoTableFixture>
{
    protected override async Task<IStorage> CreateStoreAsync()
    {
        var store = new DynamoStorage(DynamoTestServer.Options(table.TableName, pageSize: 3));
        await store.MigrateAsync();
        return store;
    }

    // Appends to one session take turns (a transaction each, ~8 ms on DynamoDB Local); with pages of 3 items, reading
    // 1,500 events is still 500 round trips, far longer than the test's 1 ms before cancelling.
    protected override int LongLedgerLength => 1_500;

    // One TransactWriteItems holds 100 items: two per event (record and sequence guard) and the counter.
    protected override int LargestBatch => (DynamoEventLedger.MaxTransactionItems - 1) / DynamoEventLedger.ItemsPerEvent;

    protected override int LargestTurn => LargestBatch;
}
