using System.Collections.Concurrent;
using Chronos.Storage;
using Chronos.Storage.Providers;
using TinyMemory;

[assembly: StorageBackend<TinyMemoryBackendFactory>("tiny-memory", DsnOptional = true)]

namespace TinyMemory;

/// <summary>
/// A whole Chronos backend written outside the Chronos repository against the Chronos.Storage package alone (issue 14
/// section 4): records live in process memory. <see cref="StorageEngine"/> supplies the semantics (validation,
/// defaults, orderings, cascades); this class supplies one store per entity and the atomic ledger append. It keeps the
/// engine's defaults for batches and turns (a batch of one is an append; larger batches and turns are refused with
/// AtomicWriteNotSupportedException), which is how a new backend ships before it has an atomic multi-record write.
/// </summary>
public sealed class TinyMemoryStorage : StorageEngine
{
    private readonly ConcurrentDictionary<Type, object> _stores = new();
    private readonly SemaphoreSlim _ledger = new(1, 1);

    /// <summary>True once disposed: every call then throws <see cref="ObjectDisposedException"/>.</summary>
    public bool IsDisposed { get; private set; }

    /// <inheritdoc />
    public override string BackendName => "tiny-memory";

    /// <inheritdoc />
    /// <remarks>Records live as .NET strings and JSON nodes in memory: at most about 1 GiB of text per field. Every
    /// backend declares its limits, so the engine refuses an oversized record before the adapter sees it.</remarks>
    public override BackendLimits Limits { get; } = new() { MaxFieldBytes = 1L << 30, Source = ".NET string" };

    /// <inheritdoc />
    protected override IEntityStore<TEntity> EntityStore<TEntity>() =>
        (IEntityStore<TEntity>)_stores.GetOrAdd(typeof(TEntity), _ => new TinyEntityStore<TEntity>(this));

    /// <inheritdoc />
    protected override async Task<Event> AppendEventCoreAsync(Event @event, long? expectedLastSeq, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        await _ledger.WaitAsync(cancellationToken);
        try
        {
            if (await Events.GetAsync(@event.Id, cancellationToken) is { } existing) return existing;
            var stored = @event;
            // The session's last number is read only when needed (a caller-numbered append without fencing is one insert).
            if (expectedLastSeq is not null || @event.SeqNum == 0)
            {
                var last = await LastSeqAsync(@event.SessionId, cancellationToken);
                if (expectedLastSeq is { } expected && expected != last) throw LedgerSequence.Conflict(@event.SessionId, expected, last);
                if (@event.SeqNum == 0) stored = @event with { SeqNum = LedgerSequence.Next(@event.SessionId, @event.Id, last) };
            }
            await Events.InsertAsync(stored, cancellationToken);
            return stored;
        }
        finally
        {
            _ledger.Release();
        }
    }

    private async Task<long> LastSeqAsync(string sessionId, CancellationToken cancellationToken)
    {
        var ledger = await Events.ListAsync(new IndexQuery(EventIndexes.BySession, sessionId), cancellationToken);
        return ledger.Count == 0 ? 0 : ledger[^1].SeqNum;
    }

    /// <inheritdoc />
    protected override ValueTask DisposeCoreAsync()
    {
        IsDisposed = true;
        return ValueTask.CompletedTask;
    }
}

/// <summary>Opens a fresh <see cref="TinyMemoryStorage"/> for <c>backend: tiny-memory</c> in chronos.yaml.</summary>
public sealed class TinyMemoryBackendFactory : IStorageBackendFactory
{
    /// <inheritdoc />
    public static ValueTask<IStorage> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IStorage>(new TinyMemoryStorage());
    }
}
