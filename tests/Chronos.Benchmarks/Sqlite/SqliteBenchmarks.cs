using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Chronos.Storage;
using Chronos.Storage.Sqlite;

namespace Chronos.Benchmarks.Sqlite;

/// <summary>
/// The SQLite adapter (file, WAL) against hand-written ADO.NET (the baseline), reflection Dapper and EF Core 10 on the
/// same database file, in the same run.
/// </summary>
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public partial class SqliteBenchmarks
{
    private const string Agent = "bench-agent";
    private const string LedgerSession = "bench-ledger";
    private string _directory = "";
    private SqliteStorage _store = null!;
    private SqliteHandWritten _hand = null!;
    private SqliteDapper _dapper = null!;
    private SqliteEfCore _ef = null!;
    private long _appends;

    [GlobalSetup]
    public async Task Setup()
    {
        // On tmpfs when there is one: fsync is then free, so AppendEvent measures the code and SQLite, not the shared
        // disk (on disk one commit's fsync took 0.1-7 ms depending on the other agents' builds; see docs/benchmarks.md).
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _directory = Path.Combine(root, "chronos-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "bench.db");
        _store = await SqliteStorage.OpenAsync(path);
        var t0 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 50; i++)
        {
            await _store.CreateSessionAsync(new Session { Id = $"s{i:D3}", AgentId = Agent, Metadata = new JsonObject { ["title"] = "session " + i, ["n"] = i }, CreatedAt = t0.AddSeconds(i) });
        }
        for (var i = 0; i < 1000; i++)
        {
            await _store.AppendEventAsync(new Event { Id = $"ev{i:D4}", SessionId = LedgerSession, Type = EventType.ChatMessage, Payload = new JsonObject { ["role"] = "user", ["text"] = "message number " + i } });
        }
        _hand = new SqliteHandWritten(path);
        _dapper = new SqliteDapper(path);
        _ef = new SqliteEfCore(path);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _hand.Dispose();
        _dapper.Dispose();
        _ef.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Event NextEvent() => new()
    {
        Id = "append-" + Interlocked.Increment(ref _appends), SessionId = "bench-append", Type = EventType.ChatMessage,
        Payload = new JsonObject { ["text"] = "hello" },
    };

    [Benchmark(Baseline = true), BenchmarkCategory("GetSession")]
    public Task<Session?> GetSession_HandWritten() => _hand.GetSessionAsync("s025");

    [Benchmark, BenchmarkCategory("GetSession")]
    public Task<Session?> GetSession_Adapter() => _store.GetSessionAsync("s025");

    [Benchmark, BenchmarkCategory("GetSession")]
    public Task<Session?> GetSession_Dapper() => _dapper.GetSessionAsync("s025");

    [Benchmark, BenchmarkCategory("GetSession")]
    public Task<Session?> GetSession_EfCore() => _ef.GetSessionAsync("s025");

    [Benchmark(Baseline = true), BenchmarkCategory("ListSessions50")]
    public Task<IReadOnlyList<Session>> ListSessions50_HandWritten() => _hand.ListSessionsAsync(Agent, 50);

    [Benchmark, BenchmarkCategory("ListSessions50")]
    public Task<IReadOnlyList<Session>> ListSessions50_Adapter() => _store.ListSessionsAsync(Agent, 50);

    [Benchmark, BenchmarkCategory("ListSessions50")]
    public Task<IReadOnlyList<Session>> ListSessions50_Dapper() => _dapper.ListSessionsAsync(Agent, 50);

    [Benchmark, BenchmarkCategory("ListSessions50")]
    public Task<IReadOnlyList<Session>> ListSessions50_EfCore() => _ef.ListSessionsAsync(Agent, 50);

    [Benchmark(Baseline = true), BenchmarkCategory("ListEvents1000")]
    public Task<IReadOnlyList<Event>> ListEvents1000_HandWritten() => _hand.ListEventsAsync(LedgerSession);

    [Benchmark, BenchmarkCategory("ListEvents1000")]
    public Task<IReadOnlyList<Event>> ListEvents1000_Adapter() => _store.ListEventsAsync(LedgerSession);

    [Benchmark, BenchmarkCategory("ListEvents1000")]
    public Task<IReadOnlyList<Event>> ListEvents1000_Dapper() => _dapper.ListEventsAsync(LedgerSession);

    [Benchmark, BenchmarkCategory("ListEvents1000")]
    public Task<IReadOnlyList<Event>> ListEvents1000_EfCore() => _ef.ListEventsAsync(LedgerSession);

    [Benchmark(Baseline = true), BenchmarkCategory("AppendEvent")]
    public Task<Event> AppendEvent_HandWritten() => _hand.AppendEventAsync(NextEvent());

    [Benchmark, BenchmarkCategory("AppendEvent")]
    public Task<Event> AppendEvent_Adapter() => _store.AppendEventAsync(NextEvent());

    [Benchmark, BenchmarkCategory("AppendEvent")]
    public Task<Event> AppendEvent_Dapper() => _dapper.AppendEventAsync(NextEvent());

    [Benchmark, BenchmarkCategory("AppendEvent")]
    public Task<Event> AppendEvent_EfCore() => _ef.AppendEventAsync(NextEvent());
}
