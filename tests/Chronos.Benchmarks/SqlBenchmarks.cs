using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Chronos.Storage;

namespace Chronos.Benchmarks;

/// <summary>
/// The four operations every SQL backend is measured on, the adapter against hand-written driver code (the baseline),
/// on one store seeded the same way (50 sessions of one agent, a 1,000-event ledger), in the same run. A backend's
/// class supplies only how its store and baseline open on a fresh database and how that database is dropped; the
/// seed, the operations and their arguments live here once, so the backends are compared on the same work.
/// </summary>
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public abstract class SqlBenchmarks : Append100Benchmarks
{
    protected const string Agent = "bench-agent";
    protected const string LedgerSession = "bench-ledger";
    protected const string SessionId = "s025";
    private IStorage _store = null!;
    private IHandWrittenLedger _hand = null!;
    /// <summary>The adapter's store, for a backend's own extra contenders.</summary>
    protected IStorage Store => _store;

    /// <summary>The hand-written baseline, for a backend's own extra contenders.</summary>
    protected IHandWrittenLedger Hand => _hand;

    /// <inheritdoc />
    protected override IStorage AdapterStore => _store;

    /// <inheritdoc />
    protected override IHandWrittenAppend HandWrittenAppend => _hand;

    /// <summary>Creates an empty database (or schema) and opens the adapter's store on it.</summary>
    protected abstract Task<IStorage> OpenStoreAsync();

    /// <summary>Opens the hand-written baseline (and any other contender) on the seeded database.</summary>
    protected abstract Task<IHandWrittenLedger> OpenHandWrittenAsync();

    /// <summary>Drops what <see cref="OpenStoreAsync"/> created, after the store and the baseline are disposed.</summary>
    protected abstract Task DropAsync();

    [GlobalSetup]
    public async Task Setup()
    {
        _store = await OpenStoreAsync();
        var t0 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 50; i++)
        {
            await _store.CreateSessionAsync(new Session { Id = $"s{i:D3}", AgentId = Agent, Metadata = new JsonObject { ["title"] = "session " + i, ["n"] = i }, CreatedAt = t0.AddSeconds(i) });
        }
        for (var i = 0; i < 1000; i++)
        {
            await _store.AppendEventAsync(new Event { Id = $"ev{i:D4}", SessionId = LedgerSession, Type = EventType.ChatMessage, Payload = new JsonObject { ["role"] = "user", ["text"] = "message number " + i } });
        }
        _hand = await OpenHandWrittenAsync();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _hand.DisposeAsync();
        await _store.DisposeAsync();
        await DropAsync();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("GetSession")]
    public Task<Session?> GetSession_HandWritten() => _hand.GetSessionAsync(SessionId);

    [Benchmark, BenchmarkCategory("GetSession")]
    public Task<Session?> GetSession_Adapter() => _store.GetSessionAsync(SessionId);

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

    // The SQL baselines also write the batch by hand (one transaction, one multi-row INSERT); the rest of Append100 is
    // in Append100Benchmarks.
    [Benchmark, BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_HandWrittenBatch() => _hand.AppendEventsAsync(Next100());
}

/// <summary>What a hand-written SQL baseline implements: the benchmarked operations, written directly on the driver.</summary>
public interface IHandWrittenLedger : IHandWrittenAppend, IAsyncDisposable
{
    Task<Session?> GetSessionAsync(string id);

    Task<IReadOnlyList<Session>> ListSessionsAsync(string agentId, int limit);

    Task<IReadOnlyList<Event>> ListEventsAsync(string sessionId);

    /// <summary>Appends <paramref name="events"/> (one session) in one transaction with one multi-row INSERT.</summary>
    Task<IReadOnlyList<Event>> AppendEventsAsync(IReadOnlyList<Event> events);
}
