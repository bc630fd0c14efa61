using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// <see cref="IStorage.ReadEventsAsync"/> over a long ledger keeps memory flat: the peak of live managed memory while
/// the whole ledger is enumerated stays under <see cref="MemoryBound"/>, which a read that held the ledger at once
/// would exceed several times over (issue 16 §5: 200,000 events).
/// </summary>
/// <remarks>
/// Live memory is process-wide, so a derived class must run alone: put it in a collection of its own test assembly
/// declared with <c>[CollectionDefinition(..., DisableParallelization = true)]</c> (xunit then runs it after the
/// parallel tests, by itself). The check samples <see cref="GC.GetTotalMemory(bool)"/> after a full collection, i.e.
/// what is still reachable, every <see cref="SampleEvery"/> events.
/// </remarks>
public abstract class LedgerStreamingMemoryTests : IAsyncLifetime
{
    /// <summary>The largest growth of live managed memory allowed while the ledger is enumerated.</summary>
    public const long MemoryBound = 16L * 1024 * 1024;

    /// <summary>
    /// Characters of payload text per event across the whole ledger: each event carries <c>LedgerText / length</c>
    /// characters (at least 100), so that holding the whole ledger (UTF-16 strings, JSON nodes, records) costs well over
    /// twice <see cref="MemoryBound"/> whatever <see cref="LedgerLength"/> a backend uses, while one page costs a
    /// fraction of it.
    /// </summary>
    protected const int LedgerText = 32_000_000;

    /// <summary>Events between two samples of live memory.</summary>
    protected const int SampleEvery = 2_500;

    private IStorage? _store;

    /// <summary>Returns a fresh, migrated store.</summary>
    protected abstract Task<IStorage> CreateStoreAsync();

    /// <summary>Releases the store.</summary>
    protected virtual ValueTask DisposeStoreAsync(IStorage store) => store.DisposeAsync();

    /// <summary>Events in the ledger: 200,000 unless a backend documents why it uses fewer (at least 10,000).</summary>
    protected virtual int LedgerLength => 200_000;

    /// <summary>The store under test.</summary>
    protected IStorage Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _store = await CreateStoreAsync().ConfigureAwait(false);

    /// <inheritdoc />
    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_store is { } store)
        {
            _store = null;
            await DisposeStoreAsync(store).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stores events 1..<paramref name="count"/> of <paramref name="sessionId"/> (ids <c>{sessionId}-e{n}</c>, payload
    /// <c>{"text": payloadText, "n": n}</c>). The default appends through <see cref="IStorage.AppendEventAsync(Event, CancellationToken)"/>,
    /// 64 at a time; a backend overrides it with its native bulk path so that 200,000 events load in seconds.
    /// </summary>
    protected virtual async Task SeedLedgerAsync(string sessionId, int count, string payloadText)
    {
        for (var start = 1; start <= count; start += 64)
        {
            var end = Math.Min(count, start + 63);
            await Task.WhenAll(Enumerable.Range(start, end - start + 1).Select(n => Store.AppendEventAsync(new Event
            {
                Id = $"{sessionId}-e{n}",
                SessionId = sessionId,
                SeqNum = n,
                Type = EventType.ChatMessage,
                Payload = new JsonObject { ["text"] = payloadText, ["n"] = n },
                CreatedAt = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            }))).ConfigureAwait(false);
        }
    }

    /// <summary>Conformance: ReadEventsAsync over a long ledger keeps peak live managed memory under a fixed bound.</summary>
    [ConformanceFact]
    public async Task ReadEventsAsyncOverALongLedgerKeepsPeakLiveManagedMemoryUnderAFixedBound()
    {
        var length = LedgerLength;
        var session = "stream-" + Guid.NewGuid().ToString("N")[..12];
        await SeedLedgerAsync(session, length, new string('x', Math.Max(100, LedgerText / length)));

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        var expected = 1L;
        await foreach (var @event in Store.ReadEventsAsync(session))
        {
            Assert.Equal(expected++, @event.SeqNum);
            if (@event.SeqNum % SampleEvery == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        }
        Assert.Equal(length + 1, expected);
        Assert.True(peak < MemoryBound,
            $"Reading {length:N0} events held {peak:N0} bytes of live managed memory at its peak; the bound is {MemoryBound:N0} (one page of {StorageEngine.ReadEventsPageSize} at a time).");
    }
}
