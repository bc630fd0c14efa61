using Chronos.Storage.Configuration;
using Chronos.Storage.Conformance;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Chronos.Storage.Observability.Tests;

/// <summary>
/// A scratch store on one backend, opened through chronos.yaml as an application does: a SQLite file in a temporary
/// directory, or space of its own on a test server (a PostgreSQL schema, a Redis key prefix, a Mongo database, a
/// DynamoDB table), removed on dispose.
/// </summary>
internal sealed class ScratchBackend : IAsyncDisposable
{
    private readonly string? _postgresSchema;
    private readonly Func<Task>? _cleanup;

    private ScratchBackend(string backend, string directory, string dsn, string? postgresSchema, string? options = null, Func<Task>? cleanup = null)
    {
        Backend = backend;
        Directory = directory;
        Dsn = dsn;
        _postgresSchema = postgresSchema;
        Options = options;
        _cleanup = cleanup;
    }

    /// <summary>The storage block's <c>options</c> mapping (flow style), or null.</summary>
    public string? Options { get; }

    /// <summary>The Redis key prefix, Mongo database or DynamoDB table of a server scratch store.</summary>
    public string? Space { get; private init; }

    public string Backend { get; }

    public string Directory { get; }

    public string Dsn { get; }

    /// <summary>OpenTelemetry's <c>db.system.name</c> for the backend.</summary>
    public string DbSystem => Backend == "postgres" ? "postgresql" : Backend;

    public static async Task<ScratchBackend> CreateAsync(string backend)
    {
        var directory = Path.Combine(Path.GetTempPath(), "chronos-obs-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        if (backend == "sqlite") return new ScratchBackend(backend, directory, Path.Combine(directory, "chronos.db"), null);
        if (backend is "redis" or "redis-cluster" or "mongo" or "dynamo") return ServerSpace(backend, directory);
        var schema = "obs_" + Guid.NewGuid().ToString("N")[..16];
        await ExecutePostgresAsync($"CREATE SCHEMA \"{schema}\"");
        var dsn = new NpgsqlConnectionStringBuilder(TestServers.Get(TestServers.Postgres)) { SearchPath = schema }.ConnectionString;
        return new ScratchBackend(backend, directory, dsn, schema);
    }

    /// <summary>Writes chronos.yaml for one agent on this backend and returns its path.</summary>
    public string WriteYaml(string agentId, bool migrate = true, string? extra = null)
    {
        var path = Path.Combine(Directory, "chronos.yaml");
        File.WriteAllText(path, $"""
            agents:
              - id: {agentId}
                storage:
                  backend: {Backend}
                  dsn: "{Dsn.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}"
                  migrate: {(migrate ? "true" : "false")}
                  {(Options is null ? "" : $"options: {Options}")}
            {extra}
            """);
        return path;
    }

    public ValueTask<IStorage> OpenAsync(string agentId, ILoggerFactory? loggers = null, bool migrate = true) =>
        ChronosConfig.Load(WriteYaml(agentId, migrate), new ChronosConfigOptions { LoggerFactory = loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance })
            .OpenStorageAsync(agentId);

    public static async Task ExecutePostgresAsync(string sql, string? connectionString = null)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString ?? TestServers.Get(TestServers.Postgres)) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static ScratchBackend ServerSpace(string backend, string directory)
    {
        var name = "obs_" + Guid.NewGuid().ToString("N")[..16];
        switch (backend)
        {
            case "redis" or "redis-cluster":
                // backend: redis either way; "redis-cluster" only picks the cluster's seed nodes as the DSN.
                var prefix = name + ":";
                var server = backend == "redis" ? TestServers.Redis : TestServers.RedisCluster;
                return new ScratchBackend("redis", directory, TestServers.Get(server), null, $"{{ key_prefix: \"{prefix}\" }}",
                    () => RedisScratch.DeleteKeysAsync(server, prefix)) { Space = prefix };
            case "mongo":
                return new ScratchBackend(backend, directory, TestServers.Get(TestServers.Mongo), null, $"{{ database: {name} }}",
                    () => new MongoDB.Driver.MongoClient(TestServers.Get(TestServers.Mongo)).DropDatabaseAsync(name)) { Space = name };
            default:
                DynamoScratch.EnsureAwsCredentialVariables();
                var table = "chronos-" + name;
                return new ScratchBackend(backend, directory, $"dynamodb://us-east-1/{table}?endpoint={TestServers.Get(TestServers.Dynamo)}", null,
                    cleanup: () => DynamoScratch.DeleteTableAsync(table)) { Space = table };
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresSchema is not null) await ExecutePostgresAsync($"DROP SCHEMA IF EXISTS \"{_postgresSchema}\" CASCADE");
        if (_cleanup is not null) await _cleanup();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
