using System.Text;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>
/// A batch of events appended inside the caller's write transaction, the same on every SQL dialect, in three round
/// trips whatever its size: the session's ledger lock (<see cref="SqlEventLedger{TDialect}.LockAsync"/>), one query that
/// answers "is any of the batch's ids stored?" and otherwise reads the ledger's last number, then one multi-row insert
/// (<see cref="SqlMultiRowInsert{TEntity, TDialect}"/>). The rules are <see cref="EventBatch"/>'s. Only when an id is
/// stored (a retry, a mixed batch, a turn's taken id) are the stored events read one by one, before anything is
/// written, so what is stored decides exactly.
/// </summary>
internal static class SqlEventBatch<TDialect> where TDialect : struct, ISqlDialectMapping
{
    private static readonly EntitySchema EventSchema = SchemaOf<Event>.Value;

    /// <summary>The "last number" the probe returns when one of the batch's ids is stored.</summary>
    private const long AnyIdStored = -1;

    // One text per batch size: -1 when any id is stored, else the session's highest number (0: empty). The highest
    // number alone is read only when no id is stored, which is the common case. Never prepared: PostgreSQL's cached
    // generic plan for the IN list, made while the events table was small, was a sequential scan that grew with the
    // table (1.7 s per batch at 200,000 events, seen in the Append100 benchmark); planned on each run it is an index scan.
    private static readonly SqlRowCountStatements Probe = new(StorageLimits.MaxBatchRecords, ProbeText, ProbeShape, prepared: false);

    /// <summary>Appends <paramref name="batch"/> in <paramref name="context"/>'s transaction; commit it only after this returns.</summary>
    public static async Task<IReadOnlyList<Event>> AppendAsync(
        SqlConnectionContext context, SqlEntityStore<Event, TDialect> events, EventBatch batch, string operation, CancellationToken cancellationToken)
    {
        if (batch.Events.IsEmpty && batch.ExpectedLastSeq is null) return [];
        await SqlEventLedger<TDialect>.LockAsync(context, batch.SessionId, cancellationToken).ConfigureAwait(false);
        var last = batch.Events.IsEmpty
            ? SqlEventLedger<TDialect>.AsSeq(await SqlEventLedger<TDialect>.ReadLastSeqAsync(context, batch.SessionId, cancellationToken).ConfigureAwait(false))
            : await ProbeAsync(context, batch, cancellationToken).ConfigureAwait(false);
        if (last == AnyIdStored)
        {
            // Rare: a retry, a mixed batch, or a turn's taken id. Nothing is written yet, so every event found was
            // stored before this transaction: the stored rows decide (an answer, or a typed refusal).
            var stored = new Event?[batch.Events.Length];
            for (var i = 0; i < stored.Length; i++) stored[i] = await events.GetAsync(context, batch.Events[i].Id, cancellationToken).ConfigureAwait(false);
            if (batch.StoredAnswer(stored) is { } answer) return answer;
            // The stored ids were deleted since the probe: append as if none had been there.
            last = SqlEventLedger<TDialect>.AsSeq(await SqlEventLedger<TDialect>.ReadLastSeqAsync(context, batch.SessionId, cancellationToken).ConfigureAwait(false));
        }
        if (batch.IsFencedOut(last)) throw batch.Conflict(last);
        var numbered = batch.Numbered(last);
        await SqlMultiRowInsert<Event, TDialect>.InsertAsync(context, numbered,
            (ex, start) => DuplicateOf(ex, numbered, start, last, operation), cancellationToken).ConfigureAwait(false);
        return numbered;
    }

    private static async ValueTask<long> ProbeAsync(SqlConnectionContext context, EventBatch batch, CancellationToken cancellationToken)
    {
        var ids = batch.Events;
        var command = Probe.Command<TDialect>(context, ids.Length, out var owned);
        try
        {
            var parameters = command.Parameters;
            parameters[0].Value = batch.SessionId;
            for (var i = 0; i < ids.Length; i++) parameters[i + 1].Value = ids[i].Id;
            return SqlEventLedger<TDialect>.AsSeq(await SqlCommands.ExecuteScalarAsync<TDialect>(command, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            if (owned) await command.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A taken (session, seq_num) or id is a <see cref="DuplicateKeyException"/> naming an event of the failed
    /// statement, whatever the transaction's own error context names: the first whose number was already in the
    /// ledger (a caller-supplied number at or below the last), else the statement's first event (an id stored
    /// concurrently by another session, which does not share the ledger lock).
    /// </summary>
    private static DuplicateKeyException? DuplicateOf(Exception error, IReadOnlyList<Event> numbered, int start, long last, string operation)
    {
        var named = numbered[start];
        for (var i = start; i < numbered.Count; i++)
        {
            if (numbered[i].SeqNum > last) continue;
            named = numbered[i];
            break;
        }
        return TDialect.MapError(error, new SqlErrorContext(EventSchema, named.Id, operation)) as DuplicateKeyException;
    }

    private static string ProbeText(int ids)
    {
        var sql = new StringBuilder($"SELECT CASE WHEN EXISTS (SELECT 1 FROM \"{EventSchema.StorageName}\" WHERE \"{EventSchema.Key.StorageName}\" IN (");
        for (var i = 1; i <= ids; i++) sql.Append(i == 1 ? "" : ", ").Append(SqlRowCountStatements.Parameter(i));
        return sql.Append(")) THEN ").Append(AnyIdStored.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append(" ELSE (").Append(SqlEventLedger<TDialect>.LastSeqSql).Append(") END").ToString();
    }

    private static SqlParameterShape ProbeShape(int ids) =>
        new([SqlEventLedger<TDialect>.SessionShape.Names[0], .. Enumerable.Range(1, ids).Select(SqlRowCountStatements.Parameter)],
            [.. Enumerable.Repeat(FieldKind.String, ids + 1)]);
}
