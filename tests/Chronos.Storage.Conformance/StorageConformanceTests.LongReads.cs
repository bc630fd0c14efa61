using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>A token cancelled while a long read is running ends the read with <see cref="OperationCanceledException"/>.</summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>Events in the ledger of <see cref="ATokenCancelledDuringALongLedgerReadCancelsIt"/>; long enough that reading it takes many milliseconds.</summary>
    protected virtual int LongLedgerLength => 5_000;

    [ConformanceFact]
    public async Task ATokenCancelledDuringALongLedgerReadCancelsIt()
    {
        var session = NewId("s");
        await AppendLedgerAsync(session, LongLedgerLength);
        Assert.Equal(LongLedgerLength, (await Store.ListEventsAsync(session)).Count);

        // The token is live when the call starts and is cancelled about a millisecond later, while the rows are being
        // read (reading thousands of events takes far longer). A starved timer may fire only after a read has ended,
        // so up to three tries; code that ignores the token during the read never throws, however often it is tried.
        var attempts = 0;
        OperationCanceledException? cancelled = null;
        while (cancelled is null && attempts++ < 3)
        {
            using var source = new CancellationTokenSource();
            source.CancelAfter(TimeSpan.FromMilliseconds(1));
            try
            {
                await Store.ListEventsAsync(session, 0, source.Token);
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

    /// <summary>Appends <paramref name="count"/> small events numbered 1..count to <paramref name="session"/>, 32 at a time.</summary>
    private async Task AppendLedgerAsync(string session, int count)
    {
        for (var start = 1; start <= count; start += 32)
        {
            var end = Math.Min(count, start + 31);
            await Task.WhenAll(Enumerable.Range(start, end - start + 1)
                .Select(seq => Store.AppendEventAsync(EventOf(NewId("e" + seq), session, seq, At(1)))));
        }
    }
}
