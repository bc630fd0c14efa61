using Chronos.Storage.Providers;

namespace Chronos.Storage.TestBackend;

/// <summary>
/// The smallest honest <see cref="StorageEngine"/>: every entity kept in memory as its visited field values, so it
/// runs the real engine (validation, orderings, cascades) and the real generated visitors. It is the test-only
/// "memory-test" backend (a contributor's adapter in its own assembly, joined by attribute) and the reference that
/// shows the conformance suite passing and, built with a <see cref="Defect"/>, failing. It ships nowhere.
/// </summary>
public sealed partial class InMemoryStorage(MemoryDatabase database, Defect defect = Defect.None, StorageBackendOptions? openedWith = null) : StorageEngine
{
    /// <inheritdoc />
    /// <remarks>The reference backend holds .NET strings: at most about 1 GiB of text per field.</remarks>
    public override BackendLimits Limits => MemoryLimits;

    private static readonly BackendLimits MemoryLimits = new() { MaxFieldBytes = 1L << 30, Source = ".NET string" };

    private readonly SemaphoreSlim _ledgerLock = new(1, 1);

    /// <summary>A store on a fresh, private database.</summary>
    public InMemoryStorage(Defect defect = Defect.None) : this(new MemoryDatabase(), defect) { }

    /// <summary>What the factory received, when opened through the registry.</summary>
    public StorageBackendOptions? OpenedWith { get; } = openedWith;

    /// <summary>The database this store writes to.</summary>
    public MemoryDatabase Database { get; } = database;

    /// <summary>True once disposed.</summary>
    public bool IsDisposed { get; private set; }

    public override string BackendName => "memory-test";

    // The database's stores are shared by every store opened on it; a disposed store is refused by the engine, so another
    // open on the same database keeps working.
    protected override IEntityStore<TEntity> EntityStore<TEntity>() =>
        (IEntityStore<TEntity>)Database.Stores.GetOrAdd(typeof(TEntity), _ => new InMemoryEntityStore<TEntity>(defect));

    protected override async Task<Event> AppendEventCoreAsync(Event @event, long? expectedLastSeq, CancellationToken cancellationToken)
    {
        var locked = defect != Defect.RacyAppend;
        if (locked) await _ledgerLock.WaitAsync(cancellationToken);
        try
        {
            if (defect != Defect.NonIdempotentAppend && await Events.GetAsync(@event.Id, cancellationToken) is { } existing)
            {
                return existing;
            }
            var stored = @event;
            if (expectedLastSeq is { } expected)
            {
                var ledger = await Events.ListAsync(new IndexQuery(EventIndexes.BySession, @event.SessionId), cancellationToken);
                var lastSeq = ledger.Count == 0 ? 0 : ledger[^1].SeqNum;
                if (lastSeq != expected) throw LedgerSequence.Conflict(@event.SessionId, expected, lastSeq);
            }
            if (@event.SeqNum == 0)
            {
                var last = await Events.ListAsync(new IndexQuery(EventIndexes.BySession, @event.SessionId), cancellationToken);
                if (defect == Defect.RacyAppend) await Task.Yield();
                stored = @event with { SeqNum = LedgerSequence.Next(@event.SessionId, @event.Id, last.Count == 0 ? 0 : last[^1].SeqNum) };
            }
            await Events.InsertAsync(stored, cancellationToken);
            return stored;
        }
        finally
        {
            if (locked) _ledgerLock.Release();
        }
    }

    protected override async Task MigrateCoreAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Database.MigrationCount);
        await Sessions.EnsureSchemaAsync(cancellationToken);
        await Memory.EnsureSchemaAsync(cancellationToken);
        await AuditLogs.EnsureSchemaAsync(cancellationToken);
        await Traces.EnsureSchemaAsync(cancellationToken);
        await Events.EnsureSchemaAsync(cancellationToken);
        await Checkpoints.EnsureSchemaAsync(cancellationToken);
    }

    protected override Task DeleteSessionCoreAsync(string id, CancellationToken cancellationToken) =>
        defect == Defect.NoCascade ? Sessions.DeleteAsync(id, cancellationToken) : base.DeleteSessionCoreAsync(id, cancellationToken);

    protected override ValueTask DisposeCoreAsync()
    {
        _ledgerLock.Dispose();
        IsDisposed = true;
        return ValueTask.CompletedTask;
    }
}
