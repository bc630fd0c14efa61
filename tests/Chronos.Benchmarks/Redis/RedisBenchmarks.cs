using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Chronos.Storage;
using Chronos.Storage.Redis;
using StackExchange.Redis;

namespace Chronos.Benchmarks.Redis;

/// <summary>
/// The Redis adapter against hand-written StackExchange.Redis (the baseline) on the same keys, in the same run, under a
/// unique key prefix on CHRONOS_TEST_REDIS whose keys are deleted afterwards. Each contender has its own connection.
/// </summary>
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class RedisBenchmarks : Append100Benchmarks
{
    private const string LedgerSession = "bench-ledger";
    private string _prefix = "";
    private RedisStorage _store = null!;
    private ConnectionMultiplexer _connection = null!;
    private RedisHandWritten _hand = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var server = Environment.GetEnvironmentVariable("CHRONOS_TEST_REDIS")
            ?? throw new InvalidOperationException("Set CHRONOS_TEST_REDIS (source tools/test-servers/test-servers.sh; servers_export).");
        _prefix = "bench-" + Guid.NewGuid().ToString("N")[..12] + ":";
        _store = await RedisStorage.OpenAsync(server, _prefix);
        for (var i = 0; i < 1000; i++)
        {
            await _store.AppendEventAsync(new Event { Id = $"ev{i:D4}", SessionId = LedgerSession, Type = EventType.ChatMessage, Payload = new JsonObject { ["role"] = "user", ["text"] = "message number " + i } });
        }
        _connection = await ConnectionMultiplexer.ConnectAsync(server + ",allowAdmin=true");
        _hand = new RedisHandWritten(_connection, _prefix);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _store.DisposeAsync();
        var server = _connection.GetServers()[0];
        var keys = server.Keys(pattern: _prefix + "*", pageSize: 1000).ToArray();
        if (keys.Length > 0) await _connection.GetDatabase().KeyDeleteAsync(keys);
        await _connection.DisposeAsync();
    }

    /// <inheritdoc />
    protected override IStorage AdapterStore => _store;

    /// <inheritdoc />
    protected override IHandWrittenAppend HandWrittenAppend => _hand;

    [Benchmark(Baseline = true), BenchmarkCategory("ListEvents1000")]
    public Task<IReadOnlyList<Event>> ListEvents1000_HandWritten() => _hand.ListEventsAsync(LedgerSession);

    [Benchmark, BenchmarkCategory("ListEvents1000")]
    public Task<IReadOnlyList<Event>> ListEvents1000_Adapter() => _store.ListEventsAsync(LedgerSession);

    [Benchmark(Baseline = true), BenchmarkCategory("AppendEvent")]
    public Task<Event> AppendEvent_HandWritten() => _hand.AppendEventAsync(NextEvent());

    [Benchmark, BenchmarkCategory("AppendEvent")]
    public Task<Event> AppendEvent_Adapter() => _store.AppendEventAsync(NextEvent());
}
