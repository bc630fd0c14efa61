using Chronos.Storage.Conformance;
using Npgsql;

namespace Chronos.Cli.Tests;

/// <summary>A temporary directory with a chronos.yaml, and a PostgreSQL schema of its own when asked (dropped on dispose).</summary>
internal sealed class Workspace : IAsyncDisposable
{
    private readonly List<string> _schemas = [];

    public Workspace()
    {
        // tmpfs where there is one: seeding 100,000 SQLite appends, one durable transaction each, takes minutes on disk.
        var root = System.IO.Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        Directory = Path.Combine(root, "chronos-cli-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public void WriteYaml(string yaml) => File.WriteAllText(PathOf("chronos.yaml"), yaml);

    /// <summary>A fresh schema on the PostgreSQL test server; returns a DSN (Npgsql keywords) with it as search path.</summary>
    public async Task<string> PostgresSchemaAsync()
    {
        var schema = "cli_" + Guid.NewGuid().ToString("N")[..16];
        await PostgresAsync($"CREATE SCHEMA \"{schema}\"");
        _schemas.Add(schema);
        return new NpgsqlConnectionStringBuilder(TestServers.Get(TestServers.Postgres)) { SearchPath = schema }.ConnectionString;
    }

    public static async Task<long> PostgresCountAsync(string dsn, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(dsn) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task PostgresAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestServers.Get(TestServers.Postgres)) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var schema in _schemas) await PostgresAsync($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
