using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Chronos.Storage.Conformance;
using Chronos.Storage.Providers;
using MongoDB.Bson;
using MongoDB.Driver;
using StackExchange.Redis;

namespace Chronos.Storage.Observability.Tests;

/// <summary>
/// Writes a schema version straight into a server store's own version record, as a newer build's migration would:
/// Redis's <c>_schema</c> hash, Mongo's <c>_chronos_schema</c> collection, DynamoDB's <c>⟨_schema⟩ / ⟨storage name⟩</c> item.
/// </summary>
internal static class RecordedVersion
{
    public static Task SetAsync(ScratchBackend scratch, string entity, string storageName, long version) => scratch.Backend switch
    {
        "redis" => RedisScratch.SetVersionAsync(scratch.Space!, storageName, version),
        "mongo" => MongoScratch.SetVersionAsync(scratch.Space!, entity, version),
        "dynamo" => DynamoScratch.SetVersionAsync(scratch.Space!, storageName, version),
        _ => throw new ArgumentException($"no version record to set on '{scratch.Backend}'", nameof(scratch)),
    };
}

internal static class RedisScratch
{
    public static async Task SetVersionAsync(string prefix, string storageName, long version)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Get(TestServers.Redis));
        await redis.GetDatabase().HashSetAsync(prefix + "_schema", storageName, version);
    }

    /// <summary>Deletes every key under <paramref name="prefix"/> on every primary of <paramref name="server"/> (one DEL per key: a cluster refuses cross-slot DELs).</summary>
    public static async Task DeleteKeysAsync(string server, string prefix)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Get(server));
        foreach (var primary in redis.GetServers().Where(s => !s.IsReplica))
        {
            foreach (var key in primary.Keys(pattern: prefix + "*").ToArray()) await redis.GetDatabase().KeyDeleteAsync(key);
        }
    }

    /// <summary>
    /// Removes the cluster layout's marks from a cluster store's <c>_schema</c> hash: what a build from before the cluster
    /// key layout left (versions recorded, records in the single-node layout).
    /// </summary>
    public static async Task ForgetClusterLayoutAsync(string prefix, params string[] storageNames)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Get(TestServers.RedisCluster));
        var removed = await redis.GetDatabase().HashDeleteAsync(prefix + "_schema", [.. storageNames.Select(name => (RedisValue)(name + ":layout"))]);
        Assert.Equal(storageNames.Length, removed);
    }
}

internal static class MongoScratch
{
    public static Task SetVersionAsync(string database, string entity, long version) =>
        new MongoClient(TestServers.Get(TestServers.Mongo)).GetDatabase(database).GetCollection<BsonDocument>("_chronos_schema")
            .UpdateOneAsync(new BsonDocument("_id", entity), new BsonDocument("$set", new BsonDocument("version", version)));
}

internal static class DynamoScratch
{
    /// <summary>DynamoDB Local takes any credentials but needs some; a YAML user sets these variables (the AWS chain reads them).</summary>
    public static void EnsureAwsCredentialVariables()
    {
        if (Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is null) Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "chronostest");
        if (Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") is null) Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "chronostest");
    }

    public static async Task SetVersionAsync(string table, string storageName, long version)
    {
        using var client = Client();
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table,
            Key = new()
            {
                ["_pk"] = new() { S = SortKeyEncoding.Encode("_schema") },
                ["_sk"] = new() { S = SortKeyEncoding.Encode(storageName) },
            },
            UpdateExpression = "SET #v = :v",
            ConditionExpression = "attribute_exists(#v)",
            ExpressionAttributeNames = new() { ["#v"] = "version" },
            ExpressionAttributeValues = new() { [":v"] = new() { N = version.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
        });
    }

    public static async Task DeleteTableAsync(string table)
    {
        using var client = Client();
        try
        {
            await client.DeleteTableAsync(new DeleteTableRequest { TableName = table });
        }
        catch (ResourceNotFoundException)
        {
        }
    }

    private static AmazonDynamoDBClient Client() =>
        new(new BasicAWSCredentials("chronostest", "chronostest"),
            new AmazonDynamoDBConfig { ServiceURL = TestServers.Get(TestServers.Dynamo), AuthenticationRegion = "us-east-1" });
}
