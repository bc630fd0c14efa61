using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Chronos.Storage;
using Chronos.Storage.Conformance;
using Chronos.Storage.Dynamo;
using Chronos.Storage.Mongo;
using Chronos.Storage.MySql;
using Chronos.Storage.Postgres;
using Chronos.Storage.Redis;
using Chronos.Storage.Sqlite;
using MongoDB.Driver;
using MySqlConnector;
using Npgsql;
using StackExchange.Redis;

namespace Chronos.Agents.Tests;

/// <summary>
/// Every backend the test servers provide, each opened in a scratch space of its own (a SQLite file, a PostgreSQL
/// schema, a MariaDB database, a Redis key prefix on the single server and on the cluster, a MongoDB database, a
/// DynamoDB table) that is dropped afterwards. The components under test only ever see <see cref="IStorage"/>.
/// </summary>
public static class AgentTestBackends
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string MariaDb = "mariadb";
    public const string Redis = "redis";
    public const string RedisCluster = "redis-cluster";
    public const string Mongo = "mongo";
    public const string Dynamo = "dynamo";

    /// <summary>Theory data: every backend.</summary>
    public static TheoryData<string> Names => [Sqlite, Postgres, MariaDb, Redis, RedisCluster, Mongo, Dynamo];

    /// <summary>The test server variable a backend needs, or null for the embedded one.</summary>
    public static string? ServerVariable(string backend) => backend switch
    {
        Sqlite => null,
        Postgres => TestServers.Postgres,
        MariaDb => TestServers.MySql,
        Redis => TestServers.Redis,
        RedisCluster => TestServers.RedisCluster,
        Mongo => TestServers.Mongo,
        Dynamo => TestServers.Dynamo,
        _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "unknown backend"),
    };

    /// <summary>Skips the running test when its server is not configured (and servers are not required).</summary>
    public static void SkipUnlessAvailable(string backend)
    {
        if (ServerVariable(backend) is { } variable && TestServers.SkipReason(variable) is { } reason)
        {
            Skip.If(true, reason);
        }
    }

    /// <summary>Opens a migrated, empty store of <paramref name="backend"/>; dispose it to drop its scratch space.</summary>
    public static async Task<ScratchStorage> OpenAsync(string backend)
    {
        var name = "agt_" + Guid.NewGuid().ToString("N")[..16];
        switch (backend)
        {
            case Sqlite:
            {
                var directory = Directory.CreateTempSubdirectory("chronos-agents-");
                return new ScratchStorage(await SqliteStorage.OpenAsync(Path.Combine(directory.FullName, "agents.db")),
                    () => { directory.Delete(recursive: true); return Task.CompletedTask; });
            }
            case Postgres:
            {
                var server = TestServers.Get(TestServers.Postgres);
                await PostgresAsync(server, $"CREATE SCHEMA \"{name}\"");
                var storage = await PostgresStorage.OpenAsync(new NpgsqlConnectionStringBuilder(server) { SearchPath = name }.ConnectionString);
                return new ScratchStorage(storage, () => PostgresAsync(server, $"DROP SCHEMA IF EXISTS \"{name}\" CASCADE"));
            }
            case MariaDb:
            {
                var server = new MySqlConnectionStringBuilder(MySqlDsn.Parse(TestServers.Get(TestServers.MySql)).Builder.ConnectionString) { Pooling = false };
                await MySqlAsync(server.ConnectionString, $"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                var storage = await MySqlStorage.OpenAsync(new MySqlConnectionStringBuilder(server.ConnectionString) { Database = name, Pooling = true }.ConnectionString);
                return new ScratchStorage(storage, () => MySqlAsync(server.ConnectionString, $"DROP DATABASE IF EXISTS `{name}`"));
            }
            case Redis or RedisCluster:
            {
                var endpoint = TestServers.Get(backend == Redis ? TestServers.Redis : TestServers.RedisCluster);
                var prefix = name + ":";
                var storage = await RedisStorage.OpenAsync(endpoint, prefix);
                return new ScratchStorage(storage, () => DeleteRedisKeysAsync(endpoint, prefix));
            }
            case Mongo:
            {
                var dsn = TestServers.Get(TestServers.Mongo);
                var storage = await MongoStorage.OpenAsync(dsn, name);
                return new ScratchStorage(storage, () => new MongoClient(dsn).DropDatabaseAsync(name));
            }
            case Dynamo:
            {
                var credentials = new BasicAWSCredentials("chronostest", "chronostestsecret");
                var endpoint = new Uri(TestServers.Get(TestServers.Dynamo));
                var table = "chronos-" + name.Replace('_', '-');
                var storage = new DynamoStorage(new DynamoStorageOptions { Region = "us-east-1", TableName = table, Endpoint = endpoint, Credentials = credentials });
                return new ScratchStorage(storage, async () =>
                {
                    using var client = new AmazonDynamoDBClient(credentials, new AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" });
                    try { await client.DeleteTableAsync(new DeleteTableRequest { TableName = table }); } catch (ResourceNotFoundException) { }
                });
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(backend), backend, "unknown backend");
        }
    }

    private static async Task PostgresAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task MySqlAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task DeleteRedisKeysAsync(string endpoint, string prefix)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(endpoint);
        foreach (var server in redis.GetServers().Where(s => !s.IsReplica))
        {
            foreach (var key in server.Keys(pattern: prefix + "*", pageSize: 1000))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }
    }
}

/// <summary>A migrated store in a scratch space; disposing closes it and drops the space.</summary>
public sealed class ScratchStorage(IStorage storage, Func<Task> drop) : IAsyncDisposable
{
    private bool _migrated;

    public IStorage Storage => _migrated ? storage : throw new InvalidOperationException("Call MigrateAsync first.");

    public async Task<ScratchStorage> MigrateAsync()
    {
        await storage.MigrateAsync();
        _migrated = true;
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await storage.DisposeAsync();
        await drop();
    }
}

/// <summary>
/// One scratch store per backend shared by the tests of a class (every test uses ids of its own), opened on first use
/// and dropped when the class is done: a DynamoDB table or a schema per test would dominate the run time.
/// </summary>
public sealed class AgentBackendsFixture : IAsyncLifetime
{
    private readonly Dictionary<string, Task<ScratchStorage>> _stores = [];
    private readonly Lock _gate = new();

    public async Task<IStorage> StorageAsync(string backend)
    {
        AgentTestBackends.SkipUnlessAvailable(backend);
        Task<ScratchStorage> store;
        lock (_gate)
        {
            if (!_stores.TryGetValue(backend, out store!))
            {
                _stores[backend] = store = OpenAsync(backend);
            }
        }
        return (await store).Storage;
    }

    private static async Task<ScratchStorage> OpenAsync(string backend) => await (await AgentTestBackends.OpenAsync(backend)).MigrateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores.Values)
        {
            if (store.IsCompletedSuccessfully) await store.Result.DisposeAsync();
        }
    }
}
