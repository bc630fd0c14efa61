namespace Chronos.Storage.Providers;

/// <summary>
/// A latch a backend's push channel (PostgreSQL LISTEN/NOTIFY, Redis pub/sub) sets when a session's ledger may have
/// grown, and that <see cref="IStorage.WatchEventsAsync"/> waits on between reads. A wake-up carries no event: the
/// watcher always reads the ledger after its last sequence number, so a notification that is lost, late, duplicated or
/// spurious can delay an event but never lose, reorder or repeat one.
/// </summary>
public sealed class LedgerWakeup : IAsyncDisposable
{
    private readonly SemaphoreSlim _latch = new(0, 1);
    private readonly Func<ValueTask>? _unsubscribe;
    private int _disposed;

    /// <summary>Creates a latch; <paramref name="unsubscribe"/> (if any) runs once on dispose and ends the subscription.</summary>
    public LedgerWakeup(Func<ValueTask>? unsubscribe = null) => _unsubscribe = unsubscribe;

    /// <summary>Sets the latch (idempotent until the next wait takes it). Safe from any thread, also after dispose.</summary>
    public void Signal()
    {
        if (Volatile.Read(ref _disposed) != 0 || _latch.CurrentCount != 0) return;
        try
        {
            _latch.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another signal got there first: the latch is set, which is all a signal means.
        }
    }

    /// <summary>Waits until the latch is set (and clears it) or <paramref name="timeout"/> passes.</summary>
    /// <returns>Whether a signal was taken.</returns>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _latch.WaitAsync(timeout, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // The semaphore is not disposed: a push callback may still signal it from another thread, and a SemaphoreSlim
        // whose wait handle was never asked for holds nothing that needs disposing.
        if (_unsubscribe is not null) await _unsubscribe().ConfigureAwait(false);
    }
}
