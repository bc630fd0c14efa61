using Chronos.Storage.Providers;

namespace Chronos.Storage.Mongo;

// Batch append and the turn: the ordered protocol of MongoEventBatches (single-document commit point, unsettled records
// hidden from every read of this library); the turn adds staged versions of the session and checkpoint (MongoTurnParts)
// that readers resolve by the same batch document (see the README, "Atomic turns").
public sealed partial class MongoStorage
{
    private MongoEventBatches? _batches;

    /// <summary>The batch protocol (internal for the fault-injection tests).</summary>
    internal MongoEventBatches Batches => _batches ??= new MongoEventBatches(Ledger);

    /// <inheritdoc />
    protected override Task<IReadOnlyList<Event>> AppendEventsCoreAsync(EventBatch batch, CancellationToken cancellationToken) =>
        Batches.AppendAsync(batch, cancellationToken);

    /// <inheritdoc />
    protected override Task<CommittedTurn> CommitTurnCoreAsync(TurnWrite turn, CancellationToken cancellationToken) =>
        MongoErrors.Run("CommitTurn", async () =>
        {
            var parts = new MongoTurnParts(turn, Store<Session>(), Store<Checkpoint>(), Store<AuditLog>());
            return turn.Committed(await Batches.CommitAsync(turn.Events, parts, cancellationToken).ConfigureAwait(false));
        });
}
