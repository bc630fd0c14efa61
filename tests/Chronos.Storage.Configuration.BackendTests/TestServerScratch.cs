using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Chronos.Storage.Conformance;
using MongoDB.Driver;
using Npgsql;
using StackExchange.Redis;

namespace Chronos.Storage.Configuration.BackendTests;

/// <summary>
/// Per-test space on the shared test servers (a PostgreSQL schema, a Redis key prefix, a Mongo database, a DynamoDB
/// table), so tests run in parallel and repeatedly without seeing each other, and its removal afterwards.
/// </summary>
internal static class TestServerScratch
{
    /// <summary>A name unique to this run, letters, digits and '_' only (valid everywhere).</summary>
    public static string UniqueName(string purpose) => $"{purpose}_{Guid.NewGuid():N}"[..(purpose.Length + 17)];

    /// <summary>DynamoDB Local takes any credentials but needs some; a YAML user sets these variables (the AWS chain reads them).</summary>
    public static void EnsureAwsCredentialVariables()
    {
        if (Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is null) Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "chronostest");
        if (Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") is null) Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "chronostest");
    }

    public static async Task PostgresAsync(string sql, string? connectionString = null)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString ?? TestServers.Get(TestServers.Postgres)) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> PostgresCountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestServers.Get(TestServers.Postgres)) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task DeleteRedisKeysAsync(string prefix)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Get(TestServers.Redis));
        var server = redis.GetServers().Single();
        var keys = server.Keys(pattern: prefix + "*").ToArray();
        if (keys.Length > 0) await redis.GetDatabase().KeyDeleteAsync(keys);
    }

    public static async Task<long> CountRedisKeysAsync(string prefix)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServers.Get(TestServers.Redis));
        return redis.GetServers().Single().Keys(pattern: prefix + "*").LongCount();
    }

    public static async Task<IReadOnlyList<string>> MongoCollectionsAsync(string database)
    {
        var client = new MongoClient(TestServers.Get(TestServers.Mongo));
        using var cursor = await client.GetDatabase(database).ListCollectionNamesAsync();
        return await cursor.ToListAsync();
    }

    public static async Task DropMongoDatabaseAsync(string database)
    {
        var client = new MongoClient(TestServers.Get(TestServers.Mongo));
        await client.DropDatabaseAsync(database);
    }

    public static AmazonDynamoDBClient DynamoClient() =>
        new(new BasicAWSCredentials("chronostest", "chronostest"),
            new AmazonDynamoDBConfig { ServiceURL = TestServers.Get(TestServers.Dynamo), AuthenticationRegion = "us-east-1" });

    public static async Task DeleteDynamoTableAsync(string table)
    {
        using var client = DynamoClient();
        try
        {
            await client.DeleteTableAsync(new DeleteTableRequest { TableName = table });
        }
        catch (ResourceNotFoundException)
        {
        }
    }
}
