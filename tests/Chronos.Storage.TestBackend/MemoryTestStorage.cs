using Chronos.Storage.Schema;

namespace Chronos.Storage.TestBackend;

/// <summary>A real, minimal in-memory <see cref="IStorage"/> (the shared engine over <see cref="MemoryEntityStore{TEntity}"/>).</summary>
public sealed class MemoryTestStorage : StorageEngine
{
    private readonly MemoryDatabase _database;
    private readonly Lock _appendGate = new();

    internal MemoryTestStorage(MemoryDatabase database, StorageBackendOptions options)
    {
        _database = database;
        OpenedWith = options;
    }

    /// <summary>What the factory received.</summary>
    public StorageBackendOptions OpenedWith { get; }

    /// <summary>The database this store writes to.</summary>
    public MemoryDatabase Database => _database;

    /// <summary>True once disposed.</summary>
    public bool IsDisposed { get; private set; }

    /// <inheritdoc />
    public override string BackendName => "memory-test";

    /// <inheritdoc />
    public override IEntityStore<TEntity> Entities<TEntity>() =>
        (IEntityStore<TEntity>)_database.Stores.GetOrAdd(typeof(TEntity), static _ => new MemoryEntityStore<TEntity>());

    /// <inheritdoc />
    protected override async Task<Event> AppendEventCoreAsync(Event @event, CancellationToken cancellationToken)
    {
        if (await Events.GetAsync(@event.Id, cancellationToken).ConfigureAwait(false) is { } existing) return existing;
        Event stored;
        lock (_appendGate)
        {
            var last = Events.ListAsync(new IndexQuery(EventIndexes.BySession, @event.SessionId), cancellationToken).Result;
            stored = @event.SeqNum == 0 ? @event with { SeqNum = last.Count == 0 ? 1 : last.Max(e => e.SeqNum) + 1 } : @event;
            Events.InsertAsync(stored, cancellationToken).GetAwaiter().GetResult();
        }
        return stored;
    }

    /// <inheritdoc />
    protected override Task MigrateCoreAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _database.MigrationCount);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        IsDisposed = true;
        return ValueTask.CompletedTask;
    }
}
