using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>
/// A batch of events appended inside the caller's write transaction, the same on every SQL dialect: the session's
/// ledger lock (<see cref="SqlEventLedger{TDialect}.LockAsync"/>), its last number, then the rules of
/// <see cref="EventBatch"/>. Each event is inserted unless its id exists; when any id existed, what is stored decides
/// (a retry's answer, or a refusal that rolls the transaction back with the rows just inserted).
/// </summary>
internal static class SqlEventBatch<TDialect> where TDialect : struct, ISqlDialectMapping
{
    private static readonly EntitySchema EventSchema = SchemaOf<Event>.Value;

    /// <summary>Appends <paramref name="batch"/> in <paramref name="context"/>'s transaction; commit it only after this returns.</summary>
    public static async Task<IReadOnlyList<Event>> AppendAsync(
        SqlConnectionContext context, SqlEntityStore<Event, TDialect> events, EventBatch batch, string operation, CancellationToken cancellationToken)
    {
        if (batch.Events.IsEmpty && batch.ExpectedLastSeq is null) return [];
        await SqlEventLedger<TDialect>.LockAsync(context, batch.SessionId, cancellationToken).ConfigureAwait(false);
        var last = SqlEventLedger<TDialect>.AsSeq(await SqlEventLedger<TDialect>.ReadLastSeqAsync(context, batch.SessionId, cancellationToken).ConfigureAwait(false));
        if (batch.IsFencedOut(last))
        {
            // Fenced out, unless this is a retry of a batch that is stored.
            var stored = new Event?[batch.Events.Length];
            for (var i = 0; i < stored.Length; i++) stored[i] = await events.GetAsync(context, batch.Events[i].Id, cancellationToken).ConfigureAwait(false);
            return batch.StoredAnswer(stored) ?? throw batch.Conflict(last);
        }
        var numbered = batch.Numbered(last);
        var existed = new bool[numbered.Length];
        var anyExisted = false;
        for (var i = 0; i < numbered.Length; i++)
        {
            existed[i] = await InsertIfAbsentAsync(context, events, numbered[i], operation, cancellationToken).ConfigureAwait(false) == 0;
            anyExisted |= existed[i];
        }
        if (!anyExisted) return numbered;
        // Rare: some ids were stored before this transaction. Their stored rows decide; a refusal throws and the
        // transaction's rollback removes the rows inserted above.
        var found = new Event?[numbered.Length];
        for (var i = 0; i < found.Length; i++)
        {
            if (existed[i]) found[i] = await events.GetAsync(context, numbered[i].Id, cancellationToken).ConfigureAwait(false);
        }
        return batch.StoredAnswer(found) ?? throw new InvalidOperationException($"Event batch for session '{batch.SessionId}': stored ids vanished inside the transaction.");
    }

    /// <summary>
    /// Inserts unless the id exists; a taken (session, seq_num) is a <see cref="DuplicateKeyException"/> naming this
    /// event, whatever the transaction's own error context names.
    /// </summary>
    private static async ValueTask<int> InsertIfAbsentAsync(
        SqlConnectionContext context, SqlEntityStore<Event, TDialect> events, Event @event, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await events.InsertIfAbsentAsync(context, @event, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (TDialect.MapError(ex, new SqlErrorContext(EventSchema, @event.Id, operation)) is DuplicateKeyException duplicate)
        {
            throw duplicate;
        }
    }
}
