using System.Runtime.CompilerServices;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>
/// The atomic append, the same on every SQL dialect: inside one write transaction, take the dialect's per-session
/// ledger lock (if the transaction alone does not exclude other writers), return the stored event when the id exists,
/// otherwise number it MAX(seq_num)+1 and insert it. The unique (session_id, seq_num) index backs the numbering and
/// rejects a caller-supplied number that is taken.
/// </summary>
/// <typeparam name="TDialect">The backend's lock and conversions.</typeparam>
internal static class SqlEventLedger<TDialect> where TDialect : struct, ISqlDialectMapping
{
    private static readonly EntitySchema Schema = SchemaOf<Event>.Value;
    private static readonly SqlParameterShape SessionShape = SqlParameterShape.Of("@" + Field(nameof(Event.SessionId)), FieldKind.String);

    // Built from the schema's storage names so a renamed column in the spec cannot leave this behind.
    private static readonly string NextSeqSql =
        $"SELECT COALESCE(MAX(\"{Field(nameof(Event.SeqNum))}\"), 0) + 1 FROM \"{Schema.StorageName}\" " +
        $"WHERE \"{Field(nameof(Event.SessionId))}\" = @{Field(nameof(Event.SessionId))}";

    // Pooled state machine: see SqlEntityStore.GetAsync(context, ...).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<Event> AppendAsync(
        SqlConnectionContext context, SqlEntityStore<Event, TDialect> events, Event @event, CancellationToken cancellationToken)
    {
        if (TDialect.LedgerLockSql is { } lockSql)
        {
            var lockCommand = context.Command<TDialect>(lockSql, SessionShape);
            lockCommand.Parameters[0].Value = @event.SessionId;
            await SqlCommands.ExecuteScalarAsync<TDialect>(lockCommand, cancellationToken).ConfigureAwait(false);
        }
        if (await events.GetAsync(context, @event.Id, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return stored;
        }
        var toStore = @event;
        if (@event.SeqNum == 0)
        {
            var next = context.Command<TDialect>(NextSeqSql, SessionShape);
            next.Parameters[0].Value = @event.SessionId;
            var seq = Convert.ToInt64(await SqlCommands.ExecuteScalarAsync<TDialect>(next, cancellationToken).ConfigureAwait(false),
                System.Globalization.CultureInfo.InvariantCulture);
            toStore = @event with { SeqNum = seq };
        }
        await events.InsertAsync(context, toStore, cancellationToken).ConfigureAwait(false);
        return toStore;
    }

    private static string Field(string property)
    {
        foreach (var field in Schema.Fields)
        {
            if (field.PropertyName == property) return field.StorageName;
        }
        throw new InvalidOperationException($"The Event schema has no field for property '{property}'.");
    }
}
