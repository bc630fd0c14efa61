using BenchmarkDotNet.Attributes;
using Chronos.Storage;
using Chronos.Storage.Conformance;
using Chronos.Storage.Postgres;
using Chronos.Storage.Providers;
using Chronos.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Chronos.Benchmarks.Compression;

/// <summary>
/// Save and load of a ~1 MB checkpoint state (a realistic conversation, <see cref="CheckpointStates"/>) with and
/// without <see cref="JsonCompression"/> (zstd level 3, 16 KiB threshold), on SQLite (file, WAL, tmpfs) and PostgreSQL.
/// The bytes the backend stores for the state are printed at setup ("stored state bytes"); docs/benchmarks.md has both.
/// </summary>
public class CheckpointCompressionBenchmarks
{
    private StorageEngine _store = null!;
    private Checkpoint _checkpoint = null!;
    private string _directory = "";
    private string _server = "";
    private readonly string _schema = "bench_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The backend.</summary>
    [Params("sqlite", "postgres")]
    public string Backend { get; set; } = "sqlite";

    /// <summary>zstd on or off.</summary>
    [Params(false, true)]
    public bool Compressed { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = (StorageEngine)await OpenAsync();
        _store.Compression = Compressed ? JsonCompression.Zstd() : null;
        var state = CheckpointStates.Conversation(1_000_000);
        _checkpoint = new Checkpoint { Id = "bench-checkpoint", SessionId = "bench-session", RunId = "run", NodeId = "node", State = state, SeqNum = 1 };
        await _store.SaveCheckpointAsync(_checkpoint);
        Console.WriteLine($"// {Backend} compressed={Compressed}: JSON text {state.ToJsonString().Length:N0} bytes, stored state bytes {await StoredStateBytesAsync():N0}");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        if (Backend == "sqlite")
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
        else
        {
            await ScalarAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
        }
    }

    [Benchmark]
    public Task<Checkpoint> SaveCheckpoint1MB() => _store.SaveCheckpointAsync(_checkpoint);

    [Benchmark]
    public Task<Checkpoint?> LoadCheckpoint1MB() => _store.GetCheckpointAsync(_checkpoint.Id);

    private async Task<IStorage> OpenAsync()
    {
        if (Backend == "sqlite")
        {
            var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
            _directory = Path.Combine(root, "chronos-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
            return await SqliteStorage.OpenAsync(Path.Combine(_directory, "bench.db"));
        }
        _server = Environment.GetEnvironmentVariable("CHRONOS_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set CHRONOS_TEST_POSTGRES (source tools/test-servers/test-servers.sh; servers_export).");
        await ScalarAsync($"CREATE SCHEMA \"{_schema}\"");
        return await PostgresStorage.OpenAsync(new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ConnectionString);
    }

    /// <summary>The state column's size as stored: SQLite's text bytes; PostgreSQL's jsonb datum (after its own TOAST compression).</summary>
    private async Task<long> StoredStateBytesAsync()
    {
        if (Backend == "sqlite")
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "bench.db")}");
            await connection.OpenAsync();
            await using var command = new SqliteCommand("SELECT length(CAST(state AS BLOB)) FROM checkpoints WHERE id = 'bench-checkpoint'", connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return Convert.ToInt64(await ScalarAsync($"SELECT pg_column_size(state) FROM \"{_schema}\".checkpoints WHERE id = 'bench-checkpoint'"),
            System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
