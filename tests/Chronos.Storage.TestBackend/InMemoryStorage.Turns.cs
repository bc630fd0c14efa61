using System.Collections.Immutable;
using Chronos.Storage.Providers;

namespace Chronos.Storage.TestBackend;

// Batch append and the atomic turn on the reference backend: everything is checked under the ledger lock before the
// first write, and in-memory writes after the checks cannot fail, so a refusal writes nothing. (A reader running
// between two of the writes could see part of a turn; the server backends are the ones that promise otherwise.)
public sealed partial class InMemoryStorage
{
    protected override async Task<IReadOnlyList<Event>> AppendEventsCoreAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        await _ledgerLock.WaitAsync(cancellationToken);
        try
        {
            var (answer, numbered) = await CheckBatchAsync(batch, cancellationToken);
            if (answer is not null) return answer;
            foreach (var @event in numbered) await Events.InsertAsync(@event, cancellationToken);
            return numbered;
        }
        finally
        {
            _ledgerLock.Release();
        }
    }

    protected override async Task<CommittedTurn> CommitTurnCoreAsync(TurnWrite turn, CancellationToken cancellationToken)
    {
        await _ledgerLock.WaitAsync(cancellationToken);
        try
        {
            var current = await Sessions.GetAsync(turn.Session.Id, cancellationToken);
            if (current?.Version != turn.Session.Version) throw turn.SessionConflict(current?.Version);
            var (_, numbered) = await CheckBatchAsync(turn.Events, cancellationToken);
            foreach (var log in turn.AuditLogs)
            {
                if (await AuditLogs.GetAsync(log.Id, cancellationToken) is not null) throw new DuplicateKeyException(nameof(AuditLog), log.Id, "id");
            }
            if (!await Sessions.TryUpdateAsync(turn.Session, cancellationToken)) throw turn.SessionConflict(null);
            foreach (var @event in numbered) await Events.InsertAsync(@event, cancellationToken);
            if (turn.Checkpoint is { } checkpoint) await Checkpoints.UpsertAsync(checkpoint, cancellationToken);
            foreach (var log in turn.AuditLogs) await AuditLogs.InsertAsync(log, cancellationToken);
            return turn.Committed(numbered);
        }
        finally
        {
            _ledgerLock.Release();
        }
    }

    /// <summary>The batch rules against what is stored: a retry's answer, or the events to write (throws on a refusal).</summary>
    private async Task<(IReadOnlyList<Event>? Answer, ImmutableArray<Event> Numbered)> CheckBatchAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        var stored = new Event?[batch.Events.Length];
        for (var i = 0; i < stored.Length; i++) stored[i] = await Events.GetAsync(batch.Events[i].Id, cancellationToken);
        if (batch.StoredAnswer(stored) is { } answer) return (answer, []);
        var ledger = await Events.ListAsync(new IndexQuery(EventIndexes.BySession, batch.SessionId), cancellationToken);
        var last = ledger.Count == 0 ? 0 : ledger[^1].SeqNum;
        if (batch.IsFencedOut(last)) throw batch.Conflict(last);
        var numbered = batch.Numbered(last);
        var taken = ledger.Select(e => e.SeqNum).ToHashSet();
        foreach (var @event in numbered)
        {
            if (taken.Contains(@event.SeqNum)) throw new DuplicateKeyException(nameof(Event), @event.Id, "session_id, seq_num");
        }
        return (null, numbered);
    }
}
