using Amazon.DynamoDBv2.Model;
using Chronos.Storage.Conformance;
using Chronos.Storage.Dynamo;
using Chronos.Storage.Mongo;
using Chronos.Storage.MySql;
using Chronos.Storage.Postgres;
using Chronos.Storage.Redis;
using Chronos.Storage.Sqlite;

namespace Chronos.Storage.Configuration.BackendTests;

/// <summary>
/// Each backend opened from a chronos.yaml in the seed's format (defaults on SQLite, the agent overriding the backend,
/// <c>${CHRONOS_TEST_*}</c> expanded from the environment) through the generated table, then a short workload. Each
/// test also checks on the server that the store lives where the YAML said (its own schema, prefix, database, table).
/// </summary>
public sealed class BackendThroughYamlTests
{
    [Fact]
    public async Task Sqlite()
    {
        var directory = ChronosYamlFile.NewDirectory();
        using var yaml = new ChronosYamlFile(directory, ("sqlite-agent", $"backend: sqlite\ndsn: {Path.Combine(directory, "agent.db")}\noptions: {{ max_readers: 2 }}"));
        await using (var storage = await yaml.OpenAsync("sqlite-agent"))
        {
            Assert.IsType<SqliteStorage>(storage);
            await ShortWorkload.RunAsync(storage, "sqlite-agent");
        }
        Assert.True(File.Exists(yaml.Beside("agent.db")), "the agent's database is the file its dsn names");
        Assert.False(File.Exists(yaml.Beside("defaults.db")), "the defaults' database is not used by a listed agent");
    }

    [ServerFact(TestServers.Postgres)]
    public async Task Postgres()
    {
        var schema = TestServerScratch.UniqueName("cfg");
        await TestServerScratch.PostgresAsync($"CREATE SCHEMA {schema}");
        try
        {
            using var yaml = new ChronosYamlFile(("pg-agent", $"backend: postgres\ndsn: \"${{{TestServers.Postgres}}};Search Path={schema}\"\noptions: {{ max_connections: 4 }}"));
            await using (var storage = await yaml.OpenAsync("pg-agent"))
            {
                Assert.IsType<PostgresStorage>(storage);
                await ShortWorkload.RunAsync(storage, "pg-agent");
            }
            Assert.True(await TestServerScratch.PostgresCountAsync(
                $"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{schema}'") >= 6, "migrated into the schema the dsn names");
        }
        finally
        {
            await TestServerScratch.PostgresAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }
    }

    [ServerTheory(TestServers.MySql)]
    [InlineData("mysql")]
    [InlineData("mariadb")]
    public async Task MySql(string backend)
    {
        var database = TestServerScratch.UniqueName("cfg");
        var server = MySqlDsn.Parse(TestServers.Get(TestServers.MySql)).Builder;
        await using (var admin = new MySqlConnector.MySqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new MySqlConnector.MySqlCommand($"CREATE DATABASE `{database}`", admin);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            // The DSN in URL form, with the test server's database swapped for this test's own.
            var dsn = $"mysql://{server.UserID}:{server.Password}@{server.Server}:{server.Port}/{database}";
            using var yaml = new ChronosYamlFile(("my-agent", $"backend: {backend}\ndsn: \"{dsn}\"\noptions: {{ max_connections: 4 }}"));
            await using var storage = await yaml.OpenAsync("my-agent");
            Assert.IsType<MySqlStorage>(storage);
            Assert.Equal(database, ((MySqlStorage)storage).Dsn.Builder.Database);
            await ShortWorkload.RunAsync(storage, "my-agent");
        }
        finally
        {
            await using var admin = new MySqlConnector.MySqlConnection(server.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new MySqlConnector.MySqlCommand($"DROP DATABASE IF EXISTS `{database}`", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [ServerFact(TestServers.Redis)]
    public async Task Redis()
    {
        var prefix = TestServerScratch.UniqueName("cfg") + ":";
        try
        {
            using var yaml = new ChronosYamlFile(("redis-agent", $"backend: redis\ndsn: \"${{{TestServers.Redis}}}\"\noptions: {{ key_prefix: \"{prefix}\" }}"));
            await using (var storage = await yaml.OpenAsync("redis-agent"))
            {
                Assert.IsType<RedisStorage>(storage);
                await ShortWorkload.RunAsync(storage, "redis-agent");
            }
            Assert.True(await TestServerScratch.CountRedisKeysAsync(prefix) > 0, "keys live under the configured key_prefix");
        }
        finally
        {
            await TestServerScratch.DeleteRedisKeysAsync(prefix);
        }
    }

    [ServerFact(TestServers.Mongo)]
    public async Task Mongo()
    {
        var database = TestServerScratch.UniqueName("cfg");
        try
        {
            using var yaml = new ChronosYamlFile(("mongo-agent", $"backend: mongo\ndsn: \"${{{TestServers.Mongo}}}\"\noptions: {{ database: {database} }}"));
            await using (var storage = await yaml.OpenAsync("mongo-agent"))
            {
                Assert.IsType<MongoStorage>(storage);
                await ShortWorkload.RunAsync(storage, "mongo-agent");
            }
            Assert.NotEmpty(await TestServerScratch.MongoCollectionsAsync(database));
        }
        finally
        {
            await TestServerScratch.DropMongoDatabaseAsync(database);
        }
    }

    [ServerFact(TestServers.Dynamo)]
    public async Task Dynamo()
    {
        TestServerScratch.EnsureAwsCredentialVariables();
        var table = "chronos-" + TestServerScratch.UniqueName("cfg");
        try
        {
            using var yaml = new ChronosYamlFile(("dynamo-agent", $"backend: dynamo\ndsn: \"dynamodb://us-east-1/{table}?endpoint=${{{TestServers.Dynamo}}}&page_size=2\""));
            await using (var storage = await yaml.OpenAsync("dynamo-agent"))
            {
                Assert.Equal(table, Assert.IsType<DynamoStorage>(storage).TableName);
                await ShortWorkload.RunAsync(storage, "dynamo-agent");
            }
            using var client = TestServerScratch.DynamoClient();
            var described = await client.DescribeTableAsync(new DescribeTableRequest { TableName = table });
            Assert.Equal(table, described.Table.TableName);
        }
        finally
        {
            await TestServerScratch.DeleteDynamoTableAsync(table);
        }
    }
}
