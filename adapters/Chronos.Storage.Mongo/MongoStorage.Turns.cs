namespace Chronos.Storage.Mongo;

// Batch append and the turn need several documents to appear together. This adapter writes without multi-document
// transactions (CongoDB, the test server, has none), and an ordered protocol whose partial states no reader sees
// would need every read of events, checkpoints, audit logs and sessions to filter uncommitted writes: not built. So
// the engine's defaults apply: a batch of one event is a single append (atomic on its own, the unique
// (session_id, seq_num) index); a larger batch and every turn are refused with the typed error naming what is missing,
// instead of being written with weaker guarantees.
public sealed partial class MongoStorage
{
    /// <inheritdoc />
    protected override string AtomicWriteMissingFeature =>
        "multi-document transactions (this adapter writes without them, and the CongoDB test server has none)";
}
