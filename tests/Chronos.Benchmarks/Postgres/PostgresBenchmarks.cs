using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Chronos.Storage;
using Chronos.Storage.Postgres;
using Npgsql;

namespace Chronos.Benchmarks.Postgres;

/// <summary>
/// The PostgreSQL adapter against hand-written Npgsql (the baseline) on the same tables, in the same run, in a schema
/// the benchmark creates on CHRONOS_TEST_POSTGRES and drops afterwards.
/// </summary>
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public partial class PostgresBenchmarks
{
    private const string Agent = "bench-agent";
    private const string LedgerSession = "bench-ledger";
    private string _server = "";
    private string _schema = "";
    private PostgresStorage _store = null!;
    private PostgresHandWritten _hand = null!;
    private long _appends;

    [GlobalSetup]
    public async Task Setup()
    {
        _server = Environment.GetEnvironmentVariable("CHRONOS_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set CHRONOS_TEST_POSTGRES (source tools/test-servers/test-servers.sh; servers_export).");
        _schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync($"CREATE SCHEMA \"{_schema}\"");
        var dsn = new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ConnectionString;
        _store = await PostgresStorage.OpenAsync(dsn);
        var t0 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 50; i++)
        {
            await _store.CreateSessionAsync(new Session { Id = $"s{i:D3}", AgentId = Agent, Metadata = new JsonObject { ["title"] = "session " + i, ["n"] = i }, CreatedAt = t0.AddSeconds(i) });
        }
        for (var i = 0; i < 1000; i++)
        {
            await _store.AppendEventAsync(new Event { Id = $"ev{i:D4}", SessionId = LedgerSession, Type = EventType.ChatMessage, Payload = new JsonObject { ["role"] = "user", ["text"] = "message number " + i } });
        }
        _hand = await PostgresHandWritten.OpenAsync(dsn);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _hand.DisposeAsync();
        await _store.DisposeAsync();
        await ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
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

    [Benchmark(Baseline = true), BenchmarkCategory("ListSessions50")]
    public Task<IReadOnlyList<Session>> ListSessions50_HandWritten() => _hand.ListSessionsAsync(Agent, 50);

    [Benchmark, BenchmarkCategory("ListSessions50")]
    public Task<IReadOnlyList<Session>> ListSessions50_Adapter() => _store.ListSessionsAsync(Agent, 50);

    [Benchmark(Baseline = true), BenchmarkCategory("ListEvents1000")]
    public Task<IReadOnlyList<Event>> ListEvents1000_HandWritten() => _hand.ListEventsAsync(LedgerSession);

    [Benchmark, BenchmarkCategory("ListEvents1000")]
    public Task<IReadOnlyList<Event>> ListEvents1000_Adapter() => _store.ListEventsAsync(LedgerSession);

    [Benchmark(Baseline = true), BenchmarkCategory("AppendEvent")]
    public Task<Event> AppendEvent_HandWritten() => _hand.AppendEventAsync(NextEvent());

    [Benchmark, BenchmarkCategory("AppendEvent")]
    public Task<Event> AppendEvent_Adapter() => _store.AppendEventAsync(NextEvent());
}
