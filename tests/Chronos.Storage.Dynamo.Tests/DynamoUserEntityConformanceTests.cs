using Chronos.Storage.Conformance;

namespace Chronos.Storage.Dynamo.Tests;

/// <summary>
/// The user-entity and migration suite on DynamoDB Local, one table per test (reopened across entity versions). Query
/// pages hold 2 items so the listings also page.
/// </summary>
[RequiresTestServer(TestServers.Dynamo)]
public sealed class DynamoUserEntityConformanceTests : UserEntityConformanceTests, IAsyncDisposable
{
    private readonly string _table = DynamoTestServer.NewTableName("user");

    protected override Task<IStorage> OpenAsync() => Task.FromResult<IStorage>(new DynamoStorage(DynamoTestServer.Options(_table, pageSize: 2)));

    public async ValueTask DisposeAsync() => await DynamoTestServer.DeleteTableAsync(_table);
}
