using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Chronos.Storage;

namespace Chronos.Benchmarks;

/// <summary>
/// Issue 16 §2's batch benchmark, written once for every backend class that derives from it (SQLite, PostgreSQL,
/// MariaDB through <see cref="SqlBenchmarks"/>, and Redis): 100 events as one batch against 100 single appends, in the
/// same run. The baseline is 100 hand-written single appends, so the ratio column reads directly as "batch vs
/// singles". BenchmarkDotNet runs the inherited <c>[Benchmark]</c> methods as the derived class's own.
/// </summary>
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public abstract class Append100Benchmarks
{
    private const int Size = 100;
    private const string AppendSession = "bench-append";
    private long _appends;

    /// <summary>The adapter's store, open once the derived class's setup ran.</summary>
    protected abstract IStorage AdapterStore { get; }

    /// <summary>The hand-written single append on the same store.</summary>
    protected abstract IHandWrittenAppend HandWrittenAppend { get; }

    /// <summary>A new event for the append benchmarks: a fresh id each call, one session, a small payload.</summary>
    protected Event NextEvent() => new()
    {
        Id = "append-" + Interlocked.Increment(ref _appends), SessionId = AppendSession, Type = EventType.ChatMessage,
        Payload = new JsonObject { ["text"] = "hello" },
    };

    /// <summary>100 new events.</summary>
    protected List<Event> Next100() => [.. Enumerable.Range(0, Size).Select(_ => NextEvent())];

    [Benchmark(Baseline = true), BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_HandWritten() => OneByOneAsync(Next100(), HandWrittenAppend.AppendEventAsync);

    [Benchmark, BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_Adapter()
    {
        var store = AdapterStore;
        return OneByOneAsync(Next100(), e => store.AppendEventAsync(e));
    }

    [Benchmark, BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_AdapterBatch() => AdapterStore.AppendEventsAsync(AppendSession, Next100());

    /// <summary>Appends <paramref name="events"/> one call each, in order.</summary>
    private static async Task<IReadOnlyList<Event>> OneByOneAsync(List<Event> events, Func<Event, Task<Event>> append)
    {
        var stored = new Event[events.Count];
        for (var i = 0; i < stored.Length; i++) stored[i] = await append(events[i]);
        return stored;
    }
}

/// <summary>What every hand-written baseline implements: the single append, written directly on the driver.</summary>
public interface IHandWrittenAppend
{
    Task<Event> AppendEventAsync(Event e);
}
