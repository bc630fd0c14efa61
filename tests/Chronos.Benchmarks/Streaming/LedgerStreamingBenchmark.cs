using BenchmarkDotNet.Attributes;
using Chronos.Storage;
using Chronos.Storage.Providers;

namespace Chronos.Benchmarks.Streaming;

/// <summary>
/// Reading a 100,000-event ledger three ways, in the same run on the same data: <see cref="IStorage.ReadEventsAsync"/>
/// (pages of <see cref="StorageEngine.ReadEventsPageSize"/> under the hood), <see cref="IStorage.ListEventsAsync"/>
/// (the whole ledger in one list) and a hand-written keyset loop over the driver (the baseline: pages of the same size,
/// prepared command, typed getters). MemoryDiagnoser's allocated bytes are about the same for all three (every event is
/// materialized once); what differs is how much is alive at once, which the Gen1/Gen2 counts show and
/// <c>--peak</c> (<see cref="StreamingPeak"/>) measures directly.
/// </summary>
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public abstract class LedgerStreamingBenchmark
{
    /// <summary>Events in the ledger read by every contender.</summary>
    public const int LedgerLength = 100_000;

    /// <summary>Events per page of the hand-written loop: the adapter's page size.</summary>
    protected const int PageSize = StorageEngine.ReadEventsPageSize;

    /// <summary>The session holding the ledger.</summary>
    protected const string Session = "bench-stream";

    /// <summary>The payload text of each event (about the size of a short chat message).</summary>
    protected static readonly string PayloadText = new('x', 120);

    /// <summary>The adapter under test (opened and seeded by <see cref="OpenAsync"/>).</summary>
    protected IStorage Store { get; set; } = null!;

    /// <summary>Opens the adapter and the hand-written reader, and seeds <see cref="LedgerLength"/> events in bulk.</summary>
    protected abstract Task OpenAsync();

    /// <summary>Closes both and drops the data.</summary>
    protected abstract Task CloseAsync();

    /// <summary>The hand-written keyset loop: <c>seq_num &gt; @after ORDER BY seq_num LIMIT @page</c> until a page is empty.</summary>
    protected abstract IAsyncEnumerable<Event> HandWrittenPagedReadAsync(string sessionId);

    [GlobalSetup]
    public Task Setup() => OpenAsync();

    [GlobalCleanup]
    public Task Cleanup() => CloseAsync();

    [Benchmark(Baseline = true), BenchmarkCategory("Read100k")]
    public Task<long> Read100k_HandWritten() => DrainAsync(HandWrittenPagedReadAsync(Session), null);

    [Benchmark, BenchmarkCategory("Read100k")]
    public Task<long> Read100k_ReadEventsAsync() => DrainAsync(Store.ReadEventsAsync(Session), null);

    [Benchmark, BenchmarkCategory("Read100k")]
    public async Task<long> Read100k_ListEventsAsync() => (await Store.ListEventsAsync(Session)).Count;

    /// <summary>The contenders by name, each taking a sampler called every 10,000 events (and once when the list is whole).</summary>
    internal IEnumerable<(string Name, Func<Action, Task<long>> Run)> Contenders()
    {
        yield return ("hand-written paged loop", sample => DrainAsync(HandWrittenPagedReadAsync(Session), sample));
        yield return ("ReadEventsAsync", sample => DrainAsync(Store.ReadEventsAsync(Session), sample));
        yield return ("ListEventsAsync", async sample =>
        {
            var all = await Store.ListEventsAsync(Session);
            sample();
            return all.Count;
        });
    }

    private static async Task<long> DrainAsync(IAsyncEnumerable<Event> events, Action? sample)
    {
        var count = 0L;
        await foreach (var @event in events)
        {
            if (@event.SeqNum != ++count) throw new InvalidOperationException($"Event {@event.SeqNum} came where {count} was due.");
            if (count % 10_000 == 0) sample?.Invoke();
        }
        return count;
    }
}

/// <summary>
/// <c>--peak</c>: each contender once per backend, live managed memory sampled after a full collection every 10,000
/// events; prints the largest growth over the memory live before the read.
/// </summary>
internal static class StreamingPeak
{
    public static async Task<int> RunAsync()
    {
        LedgerStreamingBenchmark[] backends = [new Sqlite.SqliteStreamingBenchmarks(), new Postgres.PostgresStreamingBenchmarks()];
        Console.WriteLine($"| Backend | Contender | Events | Peak live managed memory growth |");
        Console.WriteLine("|---|---|---:|---:|");
        foreach (var backend in backends)
        {
            await backend.Setup();
            try
            {
                foreach (var (name, run) in backend.Contenders())
                {
                    var baseline = GC.GetTotalMemory(forceFullCollection: true);
                    var peak = 0L;
                    var count = await run(() => peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline));
                    Console.WriteLine($"| {backend.GetType().Name.Replace("StreamingBenchmarks", "", StringComparison.Ordinal)} | {name} | {count:N0} | {peak / 1024.0 / 1024.0:F1} MB |");
                }
            }
            finally
            {
                await backend.Cleanup();
            }
        }
        return 0;
    }
}
