using BenchmarkDotNet.Attributes;
using Chronos.Storage;

namespace Chronos.Benchmarks.Postgres;

// 100 events as one batch vs 100 single appends (Append100).
public partial class PostgresBenchmarks
{
    [Benchmark(Baseline = true), BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_HandWritten() => Append100.OneByOneAsync(Append100.Events(NextEvent), Hand.AppendEventAsync);

    [Benchmark, BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_Adapter() => Append100.OneByOneAsync(Append100.Events(NextEvent), e => Store.AppendEventAsync(e));

    [Benchmark, BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_AdapterBatch() => Append100.BatchAsync(Store, Append100.Events(NextEvent));

    [Benchmark, BenchmarkCategory("Append100")]
    public Task<IReadOnlyList<Event>> Append100_HandWrittenBatch() => ((PostgresHandWritten)Hand).AppendEventsAsync(Append100.Events(NextEvent));
}
