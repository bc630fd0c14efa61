using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>A token cancelled while a long read is running ends the read with <see cref="OperationCanceledException"/>.</summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>Events in the ledger of <see cref="ATokenCancelledDuringALongLedgerReadCancelsIt"/>; long enough that reading it takes many milliseconds.</summary>
    protected virtual int LongLedgerLength => 5_000;

    /// <summary>
    /// Cancellation is honoured while a long read is in progress, not only before it starts, so a large ledger read
    /// can be abandoned.
    /// </summary>
    [ConformanceFact]
    public async Task ATokenCancelledDuringALongLedgerReadCancelsIt()
    {
        var session = NewId("s");
        await AppendLedgerAsync(session, LongLedgerLength);
        Assert.Equal(LongLedgerLength, (await Store.ListEventsAsync(session)).Count);

        // The token is live when the call starts and is cancelled while the rows are being read: right after the call
        // hands back its task (a backend whose first await is the query is then mid-read), or from a timer a few
        // millisecond in (a backend that reads synchronously only sees it from another thread). A starved timer may
        // fire only after a read has ended, so up to twenty tries; code that ignores the token during the read never
        // throws, however often it is tried.
        var attempts = 0;
        OperationCanceledException? cancelled = null;
        while (cancelled is null && attempts++ < 20)
        {
            using var source = new CancellationTokenSource();
            if (attempts % 2 == 0) source.CancelAfter(TimeSpan.FromMilliseconds(1));
            try
            {
                var read = Store.ListEventsAsync(session, 0, source.Token);
                if (attempts % 2 == 1) source.Cancel();
                await read;
            }
            catch (OperationCanceledException e)
            {
                cancelled = e;
            }
        }
        Assert.NotNull(cancelled);

        // The cancelled reads changed nothing.
        Assert.Equal(LongLedgerLength, (await Store.ListEventsAsync(session)).Count);
    }

    /// <summary>
    /// A payload of about 3 KB: reading it back (parse, build the JsonNode) makes each row cost real time, so a ledger
    /// that a backend appends slowly (a durable commit each) still takes many milliseconds to read.
    /// </summary>
    private static readonly System.Text.Json.Nodes.JsonObject LongReadPayload = new(
        Enumerable.Range(0, 64).Select(i => KeyValuePair.Create<string, System.Text.Json.Nodes.JsonNode?>($"field{i}", $"value {i} of a payload that is read back row by row")));

    /// <summary>
    /// Appends <paramref name="count"/> events numbered 1..count to <paramref name="session"/>: in batches (at most 100,
    /// and at most <see cref="LargestBatch"/>) where the backend has them, one commit per batch, so a durable backend
    /// builds a ledger long enough to take many milliseconds to read in a fraction of a second; 32 concurrent single
    /// appends at a time otherwise.
    /// </summary>
    private async Task AppendLedgerAsync(string session, int count)
    {
        var batch = SupportsAtomicBatches ? Math.Min(100, LargestBatch) : 32;
        for (var start = 1; start <= count; start += batch)
        {
            var events = Enumerable.Range(start, Math.Min(count, start + batch - 1) - start + 1)
                .Select(seq => EventOf(NewId("e" + seq), session, createdAt: At(1)) with { Payload = LongReadPayload }).ToList();
            if (SupportsAtomicBatches) await Store.AppendEventsAsync(session, events);
            else await Task.WhenAll(events.Select(e => Store.AppendEventAsync(e)));
        }
    }
}
