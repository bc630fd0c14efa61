using BenchmarkDotNet.Attributes;
using Chronos.Storage;

namespace Chronos.Benchmarks.Postgres;

// Issue 16 §2: 100 events as one batch against 100 single appends, in the same run. The baseline is 100 hand-written
// single appends, so the ratio column reads directly as "batch vs singles".
public partial class PostgresBenchmarks
{
    private const int BatchSize = 100;

    private List<Event> NextEvents() => [.. Enumerable.Range(0, BatchSize).Select(_ => NextEvent())];

    private static async Task<IReadOnlyList<Event>> OneByOneAsync(List<Event> events, Func<Event, Task<Event>> append)
    {
        var stored = new Event[events.Count];
        for (var i = 0; i < stored.Length; i++) stored[i] = await append(events[i]);
        return stored;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_HandWritten() => OneByOneAsync(NextEvents(), _hand.AppendEventAsync);

    [Benchmark, BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_Adapter() => OneByOneAsync(NextEvents(), e => _store.AppendEventAsync(e));

    [Benchmark, BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_AdapterBatch() { var events = NextEvents(); return _store.AppendEventsAsync(events[0].SessionId, events); }

    [Benchmark, BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_HandWrittenBatch() => _hand.AppendEventsAsync(NextEvents());
}
