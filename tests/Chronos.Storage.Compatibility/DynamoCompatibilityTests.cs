using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Chronos.Storage.Conformance;
using Chronos.Storage.Dynamo;

namespace Chronos.Storage.Compatibility;

/// <summary>
/// DynamoDB: the fixture is the table definition the earlier layout code created (keys, attribute types, global
/// secondary indexes) and every item as DynamoDB JSON (<c>{"S": …}</c>, <c>{"N": …}</c>, …); the test creates a fresh
/// table from it and puts the items with the raw SDK.
/// </summary>
public sealed class DynamoCompatibilityTests
{
    private const string Fixture = "dynamo.json";
    private static readonly AWSCredentials Credentials = new BasicAWSCredentials("chronostest", "chronostestsecret");

    private static Uri Endpoint => new(TestServers.Get(TestServers.Dynamo));

    private static string NewTableName() => $"chronos-compat-{Guid.NewGuid():N}";

    private static AmazonDynamoDBClient RawClient() =>
        new(Credentials, new AmazonDynamoDBConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = "us-east-1" });

    private static DynamoStorageOptions Options(string table) => new()
    {
        Region = "us-east-1", TableName = table, Endpoint = Endpoint, Credentials = Credentials, QueryPageSize = 2,
    };

    [ServerFact(TestServers.Dynamo)]
    public async Task A_table_written_by_the_previous_layout_reads_back_and_continues()
    {
        var table = NewTableName();
        using var client = RawClient();
        try
        {
            var fixture = JsonNode.Parse(FixtureFiles.Read(Fixture))!;
            var definition = fixture["table"]!;
            await client.CreateTableAsync(new CreateTableRequest
            {
                TableName = table,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [.. definition["attributes"]!.AsArray().Select(a => new AttributeDefinition((string)a!["name"]!, new ScalarAttributeType((string)a["type"]!)))],
                KeySchema = KeySchema(definition["keys"]!),
                GlobalSecondaryIndexes = definition["globalSecondaryIndexes"]!.AsArray().Select(g => new GlobalSecondaryIndex
                {
                    IndexName = (string)g!["name"]!,
                    KeySchema = KeySchema(g["keys"]!),
                    Projection = new Projection { ProjectionType = new ProjectionType((string)g["projection"]!) },
                }).ToList() is { Count: > 0 } gsis ? gsis : null,
            });
            foreach (var item in fixture["items"]!.AsArray())
            {
                await client.PutItemAsync(new PutItemRequest { TableName = table, Item = item!.AsObject().ToDictionary(p => p.Key, p => DynamoJson.Read(p.Value!)) });
            }
            await using var store = new DynamoStorage(Options(table));
            await CompatibilityDataSet.VerifyAndExtendAsync(store);
        }
        finally
        {
            await DeleteTableAsync(client, table);
        }
    }

    [FixtureWriterFact]
    public async Task Regenerate_fixture()
    {
        var table = NewTableName();
        using var client = RawClient();
        try
        {
            await using (var store = new DynamoStorage(Options(table)))
            {
                await store.MigrateAsync();
                await CompatibilityDataSet.WriteAsync(store);
            }
            var description = (await client.DescribeTableAsync(table)).Table;
            var items = new List<Dictionary<string, AttributeValue>>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await client.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start, ConsistentRead = true });
                items.AddRange(page.Items);
                start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
            }
            while (start is not null);
            var fixture = new JsonObject
            {
                ["table"] = new JsonObject
                {
                    ["attributes"] = new JsonArray([.. description.AttributeDefinitions.OrderBy(a => a.AttributeName, StringComparer.Ordinal)
                        .Select(a => (JsonNode)new JsonObject { ["name"] = a.AttributeName, ["type"] = a.AttributeType.Value })]),
                    ["keys"] = Keys(description.KeySchema),
                    ["globalSecondaryIndexes"] = new JsonArray([.. (description.GlobalSecondaryIndexes ?? []).OrderBy(g => g.IndexName, StringComparer.Ordinal)
                        .Select(g => (JsonNode)new JsonObject { ["name"] = g.IndexName, ["keys"] = Keys(g.KeySchema), ["projection"] = g.Projection.ProjectionType.Value })]),
                },
                ["items"] = new JsonArray([.. items
                    .OrderBy(i => i["_pk"].S, StringComparer.Ordinal).ThenBy(i => i["_sk"].S, StringComparer.Ordinal)
                    .Select(i => (JsonNode)new JsonObject(i.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)DynamoJson.Write(p.Value)))))]),
            };
            FixtureFiles.Write(Fixture, fixture.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        }
        finally
        {
            await DeleteTableAsync(client, table);
        }
    }

    private static JsonArray Keys(List<KeySchemaElement> keys) =>
        new([.. keys.Select(k => (JsonNode)new JsonObject { ["name"] = k.AttributeName, ["type"] = k.KeyType.Value })]);

    private static List<KeySchemaElement> KeySchema(JsonNode keys) =>
        [.. keys.AsArray().Select(k => new KeySchemaElement((string)k!["name"]!, new KeyType((string)k["type"]!)))];

    private static async Task DeleteTableAsync(AmazonDynamoDBClient client, string table)
    {
        try
        {
            await client.DeleteTableAsync(table);
        }
        catch (ResourceNotFoundException)
        {
        }
    }
}

/// <summary>DynamoDB JSON (the AWS CLI's item format): one object per value with its type as the only member.</summary>
internal static class DynamoJson
{
    public static JsonNode Write(AttributeValue value) => value switch
    {
        { S: { } s } => new JsonObject { ["S"] = s },
        { N: { } n } => new JsonObject { ["N"] = n },
        { B: { } b } => new JsonObject { ["B"] = Convert.ToBase64String(b.ToArray()) },
        { BOOL: { } flag } => new JsonObject { ["BOOL"] = flag },
        { NULL: true } => new JsonObject { ["NULL"] = true },
        { M: { } m } => new JsonObject { ["M"] = new JsonObject(m.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Write(p.Value)))) },
        { L: { } l } => new JsonObject { ["L"] = new JsonArray([.. l.Select(Write)]) },
        { SS: { Count: > 0 } ss } => new JsonObject { ["SS"] = new JsonArray([.. ss.Order(StringComparer.Ordinal).Select(s => (JsonNode)s)]) },
        { NS: { Count: > 0 } ns } => new JsonObject { ["NS"] = new JsonArray([.. ns.Select(s => (JsonNode)s)]) },
        _ => throw new InvalidOperationException("an attribute value with no type this fixture format knows"),
    };

    public static AttributeValue Read(JsonNode node)
    {
        var (type, value) = node.AsObject().Single();
        return type switch
        {
            "S" => new AttributeValue { S = (string)value! },
            "N" => new AttributeValue { N = (string)value! },
            "B" => new AttributeValue { B = new MemoryStream(Convert.FromBase64String((string)value!)) },
            "BOOL" => new AttributeValue { BOOL = (bool)value! },
            "NULL" => new AttributeValue { NULL = true },
            "M" => new AttributeValue { M = value!.AsObject().ToDictionary(p => p.Key, p => Read(p.Value!)) },
            "L" => new AttributeValue { L = [.. value!.AsArray().Select(v => Read(v!))] },
            "SS" => new AttributeValue { SS = [.. value!.AsArray().Select(v => (string)v!)] },
            "NS" => new AttributeValue { NS = [.. value!.AsArray().Select(v => (string)v!)] },
            _ => throw new InvalidDataException($"dynamo.json: unknown attribute type '{type}'"),
        };
    }
}
