using Chronos.Storage.Providers;

namespace Chronos.Storage.Mongo;

// Batch append: the ordered protocol of MongoEventBatches (single-document commit point, unsettled records hidden from
// every read of this library). The turn is still refused with the typed error: it also replaces the session document
// and may replace a checkpoint, and the readers of those do not yet resolve staged versions, so committing it with
// this protocol would let a reader see the new session before its events (see the README, "Atomic turns").
public sealed partial class MongoStorage
{
    private MongoEventBatches? _batches;

    /// <summary>The batch protocol (internal for the fault-injection tests).</summary>
    internal MongoEventBatches Batches => _batches ??= new MongoEventBatches(Ledger);

    /// <inheritdoc />
    protected override Task<IReadOnlyList<Event>> AppendEventsCoreAsync(EventBatch batch, CancellationToken cancellationToken) =>
        Batches.AppendAsync(batch, cancellationToken);

    /// <inheritdoc />
    protected override string AtomicWriteMissingFeature =>
        "multi-document transactions for turns (this adapter writes without them, and the CongoDB test server has none; " +
        "batch appends use an ordered protocol instead, turns do not yet)";
}
