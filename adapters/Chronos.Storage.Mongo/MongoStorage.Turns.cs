using Chronos.Storage.Providers;

namespace Chronos.Storage.Mongo;

// Batch append and the turn need several documents to appear together. This adapter writes without multi-document
// transactions (CongoDB, the test server, has none), and an ordered protocol whose partial states no reader sees
// would need every read of events, checkpoints, audit logs and sessions to filter uncommitted writes: not built. So
// both are refused with the typed error, naming what is missing, instead of being written with weaker guarantees.
// A batch of one event is a single append, which is atomic on its own (the unique (session_id, seq_num) index).
public sealed partial class MongoStorage
{
    /// <summary>What a batch of several events and a turn would need.</summary>
    internal const string MissingFeature = "multi-document transactions (this adapter writes without them, and the CongoDB test server has none)";

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<Event>> AppendEventsCoreAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Events.Length != 1) throw new AtomicWriteNotSupportedException(BackendName, "AppendEvents", MissingFeature, batch.SessionId);
        return [await AppendEventCoreAsync(batch.Events[0], batch.ExpectedLastSeq, cancellationToken).ConfigureAwait(false)];
    }

    /// <inheritdoc />
    protected override Task<CommittedTurn> CommitTurnCoreAsync(TurnWrite turn, CancellationToken cancellationToken) =>
        throw new AtomicWriteNotSupportedException(BackendName, "CommitTurn", MissingFeature, turn.Session.Id);
}
