using BenchmarkDotNet.Attributes;
using Chronos.Storage;

namespace Chronos.Benchmarks.Redis;

// 100 events as one batch vs 100 single appends (Append100).
public partial class RedisBenchmarks
{
    [Benchmark(Baseline = true), BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_HandWritten() => Append100.OneByOneAsync(Append100.Events(NextEvent), _hand.AppendEventAsync);

    [Benchmark, BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_Adapter() => Append100.OneByOneAsync(Append100.Events(NextEvent), e => _store.AppendEventAsync(e));

    [Benchmark, BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_AdapterBatch() => Append100.BatchAsync(_store, Append100.Events(NextEvent));
}
