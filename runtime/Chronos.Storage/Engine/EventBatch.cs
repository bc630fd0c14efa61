using System.Collections.Immutable;

namespace Chronos.Storage.Providers;

/// <summary>
/// A batch of events for one session's ledger as the engine hands it to an adapter: validated, times normalized,
/// every event's <see cref="Event.SessionId"/> set, ids distinct, numbers all 0 (the store assigns them) or all
/// supplied and consecutive. The rules an adapter's atomic write applies to what it finds are here, once:
/// <see cref="Numbered"/>, <see cref="StoredAnswer"/>, <see cref="IsFencedOut"/>.
/// </summary>
public sealed class EventBatch
{
    internal EventBatch(string sessionId, ImmutableArray<Event> events, long? expectedLastSeq, bool retryReturnsStored)
    {
        SessionId = sessionId;
        Events = events;
        ExpectedLastSeq = expectedLastSeq;
        RetryReturnsStored = retryReturnsStored;
    }

    /// <summary>The session whose ledger the batch extends.</summary>
    public string SessionId { get; }

    /// <summary>The events, in order (possibly none, in a turn).</summary>
    public ImmutableArray<Event> Events { get; }

    /// <summary>The ledger's last number the writer expects (single-writer fencing), or null.</summary>
    public long? ExpectedLastSeq { get; }

    /// <summary>
    /// True for <see cref="IStorage.AppendEventsAsync(string, IReadOnlyList{Event}, CancellationToken)"/>: a batch
    /// whose ids are all stored is a retry and returns them. False in a turn, where a stored id is a
    /// <see cref="DuplicateKeyException"/> (the session's version check is what makes a turn's retry safe).
    /// </summary>
    public bool RetryReturnsStored { get; }

    /// <summary>True when the store numbers the events (every <see cref="Event.SeqNum"/> is 0).</summary>
    public bool StoreAssignsNumbers => Events.Length > 0 && Events[0].SeqNum == 0;

    /// <summary>True when the batch is fenced and the ledger no longer ends at <see cref="ExpectedLastSeq"/>.</summary>
    public bool IsFencedOut(long lastSeq) => ExpectedLastSeq is { } expected && expected != lastSeq;

    /// <summary>The fencing refusal for a ledger that ends at <paramref name="lastSeq"/>.</summary>
    public ConcurrencyConflictException Conflict(long lastSeq) => LedgerSequence.Conflict(SessionId, ExpectedLastSeq!.Value, lastSeq);

    /// <summary>
    /// The events as they will be stored after a ledger that ends at <paramref name="lastSeq"/>: numbered
    /// <c>lastSeq + 1</c> onwards when the store assigns numbers (<see cref="SequenceExhaustedException"/> when they
    /// would pass <see cref="StorageLimits.MaxSeqNum"/>), else as supplied.
    /// </summary>
    public ImmutableArray<Event> Numbered(long lastSeq)
    {
        if (!StoreAssignsNumbers) return Events;
        var numbered = ImmutableArray.CreateBuilder<Event>(Events.Length);
        var seq = lastSeq;
        foreach (var @event in Events)
        {
            seq = LedgerSequence.Next(SessionId, @event.Id, seq);
            numbered.Add(@event with { SeqNum = seq });
        }
        return numbered.MoveToImmutable();
    }

    /// <summary>
    /// Decides from what is stored under each of the batch's ids (same order; null: not stored): null when none is
    /// stored (write the batch); the stored events when all are and <see cref="RetryReturnsStored"/> (a retry: write
    /// nothing, answer with them). Otherwise throws: <see cref="BatchPartiallyStoredException"/> for a batch mixing
    /// stored and new ids, <see cref="DuplicateKeyException"/> for a turn's stored id.
    /// </summary>
    public IReadOnlyList<Event>? StoredAnswer(IReadOnlyList<Event?> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var found = 0;
        for (var i = 0; i < stored.Count; i++)
        {
            if (stored[i] is null) continue;
            if (!RetryReturnsStored) throw new DuplicateKeyException(nameof(Event), Events[i].Id, "id");
            found++;
        }
        if (found == 0) return null;
        if (found == stored.Count) return [.. stored.Select(e => e!)];
        throw new BatchPartiallyStoredException(SessionId,
            [.. Events.Where((_, i) => stored[i] is not null).Select(e => e.Id)],
            [.. Events.Where((_, i) => stored[i] is null).Select(e => e.Id)]);
    }
}
