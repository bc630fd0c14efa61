using Amazon.DynamoDBv2.Model;
using Chronos.Storage.Conformance;

namespace Chronos.Storage.Dynamo.Tests;

/// <summary>Corrupted stored values in DynamoDB (JSON is a string attribute there), written with the raw AWS client.</summary>
[RequiresTestServer(TestServers.Dynamo)]
public sealed class DynamoCorruptedStoredValueTests(DynamoTableFixture table) : CorruptedStoredValueTests, Xunit.IClassFixture<DynamoTableFixture>
{
    protected override async Task<IStorage> CreateStoreAsync()
    {
        var store = new DynamoStorage(DynamoTestServer.Options(table.TableName));
        await store.MigrateAsync();
        return store;
    }

    protected override async Task<bool> CorruptStoredFieldAsync(IStorage store, string storageName, string id, string storageField, string rawJsonText)
    {
        var key = storageName switch
        {
            "sessions" => DynamoEntityStore<Session>.ItemKey(id),
            "events" => DynamoEntityStore<Event>.ItemKey(id),
            "checkpoints" => DynamoEntityStore<Checkpoint>.ItemKey(id),
            _ => throw new ArgumentOutOfRangeException(nameof(storageName), storageName, "no record of this kind in the tests"),
        };
        using var client = DynamoTestServer.RawClient();
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table.TableName,
            Key = key,
            UpdateExpression = "SET #f = :bad",
            ConditionExpression = "attribute_exists(#f)",
            ExpressionAttributeNames = new() { ["#f"] = storageField },
            ExpressionAttributeValues = new() { [":bad"] = new AttributeValue { S = rawJsonText } },
        });
        return true;
    }
}
