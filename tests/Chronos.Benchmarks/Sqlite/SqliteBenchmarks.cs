using BenchmarkDotNet.Attributes;
using Chronos.Storage;
using Chronos.Storage.Sqlite;

namespace Chronos.Benchmarks.Sqlite;

/// <summary>
/// The SQLite adapter (file, WAL) against hand-written ADO.NET (the baseline), reflection Dapper and EF Core 10 on the
/// same database file, in the same run: the shared operations of <see cref="SqlBenchmarks"/> plus the Dapper and EF Core
/// contenders of each.
/// </summary>
public partial class SqliteBenchmarks : SqlBenchmarks
{
    private string _directory = "";
    private string _path = "";
    private SqliteDapper _dapper = null!;
    private SqliteEfCore _ef = null!;

    protected override async Task<IStorage> OpenStoreAsync()
    {
        // On tmpfs when there is one: fsync is then free, so AppendEvent measures the code and SQLite, not the shared
        // disk (on disk one commit's fsync took 0.1-7 ms depending on the other agents' builds; see docs/benchmarks.md).
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _directory = Path.Combine(root, "chronos-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _path = Path.Combine(_directory, "bench.db");
        return await SqliteStorage.OpenAsync(_path);
    }

    protected override Task<IHandWrittenLedger> OpenHandWrittenAsync()
    {
        _dapper = new SqliteDapper(_path);
        _ef = new SqliteEfCore(_path);
        return Task.FromResult<IHandWrittenLedger>(new SqliteHandWritten(_path));
    }

    protected override Task DropAsync()
    {
        _dapper.Dispose();
        _ef.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Benchmark, BenchmarkCategory("GetSession")]
    public Task<Session?> GetSession_Dapper() => _dapper.GetSessionAsync(SessionId);

    [Benchmark, BenchmarkCategory("GetSession")]
    public Task<Session?> GetSession_EfCore() => _ef.GetSessionAsync(SessionId);

    [Benchmark, BenchmarkCategory("ListSessions50")]
    public Task<IReadOnlyList<Session>> ListSessions50_Dapper() => _dapper.ListSessionsAsync(Agent, 50);

    [Benchmark, BenchmarkCategory("ListSessions50")]
    public Task<IReadOnlyList<Session>> ListSessions50_EfCore() => _ef.ListSessionsAsync(Agent, 50);

    [Benchmark, BenchmarkCategory("ListEvents1000")]
    public Task<IReadOnlyList<Event>> ListEvents1000_Dapper() => _dapper.ListEventsAsync(LedgerSession);

    [Benchmark, BenchmarkCategory("ListEvents1000")]
    public Task<IReadOnlyList<Event>> ListEvents1000_EfCore() => _ef.ListEventsAsync(LedgerSession);

    [Benchmark, BenchmarkCategory("AppendEvent")]
    public Task<Event> AppendEvent_Dapper() => _dapper.AppendEventAsync(NextEvent());

    [Benchmark, BenchmarkCategory("AppendEvent")]
    public Task<Event> AppendEvent_EfCore() => _ef.AppendEventAsync(NextEvent());
}
