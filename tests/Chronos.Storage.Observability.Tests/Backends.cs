using Chronos.Storage.Configuration;
using Chronos.Storage.Conformance;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Chronos.Storage.Observability.Tests;

/// <summary>
/// A scratch store on one backend, opened through chronos.yaml as an application does: a SQLite file in a temporary
/// directory, or a PostgreSQL schema of its own on the test server (dropped on dispose).
/// </summary>
internal sealed class ScratchBackend : IAsyncDisposable
{
    private readonly string? _postgresSchema;

    private ScratchBackend(string backend, string directory, string dsn, string? postgresSchema)
    {
        Backend = backend;
        Directory = directory;
        Dsn = dsn;
        _postgresSchema = postgresSchema;
    }

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

    public async ValueTask DisposeAsync()
    {
        if (_postgresSchema is not null) await ExecutePostgresAsync($"DROP SCHEMA IF EXISTS \"{_postgresSchema}\" CASCADE");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
