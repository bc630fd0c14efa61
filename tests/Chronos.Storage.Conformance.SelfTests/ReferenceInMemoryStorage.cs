using System.Collections.Concurrent;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Conformance.SelfTests;

/// <summary>
/// The smallest honest <see cref="StorageEngine"/>: every entity kept in memory as its visited field values, so it
/// runs the real engine (validation, orderings, cascades) and the real generated visitors. It exists only so that the
/// conformance suite can be shown to pass and, built with a <see cref="Defect"/>, to fail.
/// </summary>
internal sealed class ReferenceInMemoryStorage(Defect defect = Defect.None) : StorageEngine
{
    private readonly ConcurrentDictionary<Type, object> _stores = new();
    private readonly SemaphoreSlim _ledgerLock = new(1, 1);

    public override string BackendName => "reference-in-memory";

    public override IEntityStore<TEntity> Entities<TEntity>() =>
        (IEntityStore<TEntity>)_stores.GetOrAdd(typeof(TEntity), _ => new ReferenceEntityStore<TEntity>(defect));

    protected override async Task<Event> AppendEventCoreAsync(Event @event, CancellationToken cancellationToken)
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
            if (@event.SeqNum == 0)
            {
                var last = await Events.ListAsync(new IndexQuery(EventIndexes.BySession, @event.SessionId), cancellationToken);
                if (defect == Defect.RacyAppend) await Task.Yield();
                stored = @event with { SeqNum = last.Count == 0 ? 1 : last[^1].SeqNum + 1 };
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
        await Sessions.EnsureSchemaAsync(cancellationToken);
        await Memory.EnsureSchemaAsync(cancellationToken);
        await AuditLogs.EnsureSchemaAsync(cancellationToken);
        await Traces.EnsureSchemaAsync(cancellationToken);
        await Events.EnsureSchemaAsync(cancellationToken);
        await Checkpoints.EnsureSchemaAsync(cancellationToken);
    }

    protected override Task DeleteSessionCoreAsync(string id, CancellationToken cancellationToken) =>
        defect == Defect.NoCascade ? Sessions.DeleteAsync(id, cancellationToken) : base.DeleteSessionCoreAsync(id, cancellationToken);

    public override ValueTask DisposeAsync()
    {
        _ledgerLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
