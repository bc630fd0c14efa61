using Chronos.Storage.Providers;

namespace Chronos.Storage.Sql;

// Batch append and the atomic turn on every SQL dialect: each is one write transaction, so a refusal or a fault at
// any point rolls back everything (the database's own atomicity; a killed client's transaction never commits).
public abstract partial class SqlStorageEngine<TDialect>
{
    private static readonly string AppendEventsOperation = nameof(Event) + ".AppendBatch";
    private static readonly string CommitTurnOperation = nameof(Session) + ".CommitTurn";

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<Event>> AppendEventsCoreAsync(EventBatch batch, CancellationToken cancellationToken) =>
        await Source.WriteTransactionAsync(new SqlErrorContext(SchemaOf<Event>.Value, batch.Events[0].Id, AppendEventsOperation), (Events: Store<Event>(), Batch: batch),
            static (context, s, ct) => new ValueTask<IReadOnlyList<Event>>(SqlEventBatch<TDialect>.AppendAsync(context, s.Events, s.Batch, AppendEventsOperation, ct)),
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    // Session first: its row lock (PostgreSQL, MariaDB) makes racing turns on one session wait here, before the ledger lock.
    protected override async Task<CommittedTurn> CommitTurnCoreAsync(TurnWrite turn, CancellationToken cancellationToken) =>
        await Source.WriteTransactionAsync(new SqlErrorContext(SchemaOf<Session>.Value, turn.Session.Id, CommitTurnOperation), (Engine: this, Turn: turn),
            static async (context, s, ct) =>
            {
                var (engine, turn) = s;
                var sessions = engine.Store<Session>();
                if (!await sessions.TryUpdateAsync(context, turn.Session, ct).ConfigureAwait(false))
                {
                    throw turn.SessionConflict((await sessions.GetAsync(context, turn.Session.Id, ct).ConfigureAwait(false))?.Version);
                }
                var events = await SqlEventBatch<TDialect>.AppendAsync(context, engine.Store<Event>(), turn.Events, CommitTurnOperation, ct).ConfigureAwait(false);
                if (turn.Checkpoint is { } checkpoint) await engine.Store<Checkpoint>().UpsertAsync(context, checkpoint, ct).ConfigureAwait(false);
                var auditLogs = engine.Store<AuditLog>();
                foreach (var log in turn.AuditLogs)
                {
                    if (await auditLogs.InsertIfAbsentAsync(context, log, ct).ConfigureAwait(false) == 0) throw new DuplicateKeyException(nameof(AuditLog), log.Id, "id");
                }
                return turn.Committed(events);
            }, cancellationToken).ConfigureAwait(false);
}
