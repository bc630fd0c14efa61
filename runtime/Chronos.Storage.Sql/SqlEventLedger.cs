using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>
/// The atomic append, the same on every SQL dialect, in one write transaction: take the dialect's per-session ledger
/// lock (if the transaction alone does not exclude other writers), number the event MAX(seq_num)+1 (checked against StorageLimits.MaxSeqNum) unless the caller
/// chose its number, and insert it unless its id exists; when it does, the stored event is the answer (idempotent by
/// id, whichever session it was appended to). The unique (session_id, seq_num) index backs the numbering and rejects
/// a caller-supplied number that is taken. With an expected last number (single-writer fencing) the highest number is
/// read under the same lock and compared before anything is written.
/// </summary>
/// <typeparam name="TDialect">The backend's lock and conversions.</typeparam>
internal static class SqlEventLedger<TDialect> where TDialect : struct, ISqlDialectMapping
{
    private static readonly EntitySchema Schema = SchemaOf<Event>.Value;
    private static readonly string Operation = nameof(Event) + ".Append";
    internal static readonly SqlParameterShape SessionShape = SqlParameterShape.Of("@" + Field(nameof(Event.SessionId)), FieldKind.String);

    // Built from the schema's storage names so a renamed column in the spec cannot leave this behind. The highest
    // number, not MAX + 1: the next is computed and checked against StorageLimits.MaxSeqNum here, so that no database
    // adds past its integer range (SQLite would turn it into a REAL, PostgreSQL fail with 22003).
    internal static readonly string LastSeqSql =
        $"SELECT COALESCE(MAX(\"{Field(nameof(Event.SeqNum))}\"), 0) FROM \"{Schema.StorageName}\" " +
        $"WHERE \"{Field(nameof(Event.SessionId))}\" = @{Field(nameof(Event.SessionId))}";

    /// <summary>Appends <paramref name="event"/> (CreatedAt already set) and returns what is stored under its id.</summary>
    // One async method from renting the connection to giving it back, the transaction shape of
    // SqlConnectionSource.WriteTransactionAsync written inline: every helper awaited here returns the driver's task
    // itself, so a suspended round trip costs no state machine but this one (see the note on SqlEntityStore's reads).
    // Insert-unless-present instead of a read before the insert: one round trip fewer, and an id stored concurrently
    // by another session (which does not share the lock) is found, not failed on.
    public static async Task<Event> AppendAsync(
        SqlConnectionSource<TDialect> source, SqlEntityStore<Event, TDialect> events, Event @event, long? expectedLastSeq,
        CancellationToken cancellationToken)
    {
        var error = new SqlErrorContext(Schema, @event.Id, Operation);
        var context = await source.BeginWriteAsync(error, cancellationToken).ConfigureAwait(false);
        try
        {
            await LockAsync(context, @event.SessionId, cancellationToken).ConfigureAwait(false);
            var toStore = @event;
            Event? stored = null;
            if (@event.SeqNum == 0 || expectedLastSeq is not null)
            {
                var last = AsSeq(await ReadLastSeqAsync(context, @event.SessionId, cancellationToken).ConfigureAwait(false));
                if (expectedLastSeq is { } expected && last != expected)
                {
                    // Fenced out, unless this is a retry of an append that is stored (idempotent by id).
                    stored = await events.GetAsync(context, @event.Id, cancellationToken).ConfigureAwait(false)
                        ?? throw LedgerSequence.Conflict(@event.SessionId, expected, last);
                }
                else if (@event.SeqNum == 0)
                {
                    toStore = @event with { SeqNum = LedgerSequence.Next(@event.SessionId, @event.Id, last) };
                }
            }
            if (stored is null)
            {
                int inserted;
                try
                {
                    inserted = await events.InsertIfAbsentAsync(context, toStore, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (TDialect.MapError(ex, error) is DuplicateKeyException { Field: var field } && field == Schema.Key.StorageName)
                {
                    // The same id appended at once to another session (which does not share the ledger lock) committed
                    // between this insert's NOT EXISTS check and its write (MariaDB: INSERT ... WHERE NOT EXISTS does not
                    // wait like PostgreSQL's ON CONFLICT DO NOTHING). Only the statement failed: answer with that event.
                    inserted = 0;
                }
                stored = inserted == 1
                    ? toStore
                    : await events.GetAsync(context, @event.Id, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"Event '{@event.Id}' was neither inserted nor found.");
            }
            await context.CommitAsync<TDialect>(cancellationToken).ConfigureAwait(false);
            context.EndTransaction();
            return stored;
        }
        catch (Exception ex)
        {
            if (await source.AbortAsync(context, ex, error).ConfigureAwait(false) is { } mapped) throw mapped;
            throw;
        }
        finally
        {
            source.Return(SqlAccess.Write, context);
        }
    }

    /// <summary>Takes the dialect's per-session ledger lock, if the write transaction alone does not exclude other writers.</summary>
    // Not async: returns the driver's task itself, so the caller's state machine is the only one on the hot path.
    internal static ValueTask<object?> LockAsync(SqlConnectionContext context, string sessionId, CancellationToken cancellationToken)
    {
        if (TDialect.LedgerLockSql is not { } lockSql) return default;
        var lockCommand = context.Command<TDialect>(lockSql, SessionShape);
        lockCommand.Parameters[0].Value = sessionId;
        return SqlCommands.ExecuteScalarAsync<TDialect>(lockCommand, cancellationToken);
    }

    /// <summary>Reads the session's highest stored sequence number (0: empty) under the ledger lock; <see cref="AsSeq"/> converts it.</summary>
    internal static ValueTask<object?> ReadLastSeqAsync(SqlConnectionContext context, string sessionId, CancellationToken cancellationToken)
    {
        var lastCommand = context.Command<TDialect>(LastSeqSql, SessionShape);
        lastCommand.Parameters[0].Value = sessionId;
        return SqlCommands.ExecuteScalarAsync<TDialect>(lastCommand, cancellationToken);
    }

    /// <summary>The value <see cref="ReadLastSeqAsync"/> read, as a number (drivers return different integer types).</summary>
    internal static long AsSeq(object? value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    private static string Field(string property)
    {
        foreach (var field in Schema.Fields)
        {
            if (field.PropertyName == property) return field.StorageName;
        }
        throw new InvalidOperationException($"The Event schema has no field for property '{property}'.");
    }
}
