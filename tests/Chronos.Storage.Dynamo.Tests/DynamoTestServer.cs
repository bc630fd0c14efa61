using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Chronos.Storage.Conformance;
using Xunit;

namespace Chronos.Storage.Dynamo.Tests;

/// <summary>DynamoDB Local from <c>CHRONOS_TEST_DYNAMO</c>: any credentials work, so tests pass fixed ones.</summary>
internal static class DynamoTestServer
{
    public static readonly AWSCredentials Credentials = new BasicAWSCredentials("chronostest", "chronostestsecret");

    public static Uri Endpoint => new(TestServers.Get(TestServers.Dynamo));

    public static string NewTableName(string purpose) => $"chronos-{purpose}-{Guid.NewGuid():N}"[..Math.Min(60, purpose.Length + 41)];

    public static DynamoStorageOptions Options(string table, int? pageSize = null) => new()
    {
        Region = "us-east-1",
        TableName = table,
        Endpoint = Endpoint,
        Credentials = Credentials,
        QueryPageSize = pageSize,
    };

    public static AmazonDynamoDBClient RawClient() =>
        new(Credentials, new AmazonDynamoDBConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = "us-east-1" });

    public static async Task DeleteTableAsync(string table)
    {
        using var client = RawClient();
        try
        {
            await client.DeleteTableAsync(new DeleteTableRequest { TableName = table });
        }
        catch (ResourceNotFoundException)
        {
        }
    }
}

/// <summary>
/// One table per test class, deleted when the class is done (xunit 2 disposes class fixtures through
/// <see cref="IAsyncLifetime"/>, not <see cref="IAsyncDisposable"/>: the tables used to be left on the server).
/// </summary>
public sealed class DynamoTableFixture : IAsyncLifetime
{
    public string TableName { get; } = DynamoTestServer.NewTableName("t");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (TestServers.Find(TestServers.Dynamo) is not null) await DynamoTestServer.DeleteTableAsync(TableName);
    }
}
