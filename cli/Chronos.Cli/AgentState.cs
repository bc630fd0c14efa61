using Chronos.Storage;
using Chronos.Storage.Schema;

namespace Chronos.Cli;

/// <summary>
/// Everything stored for one agent id, read page by page along the declared indexes (so any backend can be the
/// source): its sessions and, per session, events, checkpoints and traces; its memory of both kinds; its audit log.
/// </summary>
internal static class AgentState
{
    public const int PageSize = 1000;

    /// <summary>The entities in the order a copy writes them (a session before what belongs to it).</summary>
    public static readonly string[] Entities = ["Session", "MemoryRecord", "AuditLog", "Trace", "Checkpoint", "Event"];

    /// <summary>Every record of <typeparamref name="TEntity"/> matching <paramref name="match"/> along <paramref name="index"/>.</summary>
    public static async IAsyncEnumerable<TEntity> ReadAllAsync<TEntity>(IStorage storage, string index, IndexValue[] match,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TEntity : class, IStorageEntity<TEntity>
    {
        var store = storage.Entities<TEntity>();
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await store.ListAsync(new IndexQuery(index, match) { Limit = PageSize, Offset = offset }, cancellationToken);
            foreach (var record in page) yield return record;
            if (page.Count < PageSize) yield break;
        }
    }

    /// <summary>A session's events after <paramref name="afterSeq"/>, in ledger order, a page at a time.</summary>
    public static async IAsyncEnumerable<Event> ReadEventsAsync(IStorage storage, string sessionId, long afterSeq,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var store = storage.Entities<Event>();
        while (true)
        {
            var page = await store.ListAsync(new IndexQuery(EventIndexes.BySession, sessionId) { After = afterSeq, Limit = PageSize }, cancellationToken);
            foreach (var e in page) yield return e;
            if (page.Count < PageSize) yield break;
            afterSeq = page[^1].SeqNum;
        }
    }

    public static IAsyncEnumerable<Session> SessionsAsync(IStorage storage, string agentId, CancellationToken ct) =>
        ReadAllAsync<Session>(storage, SessionIndexes.ByAgent, [agentId], ct);

    public static async IAsyncEnumerable<MemoryRecord> MemoryAsync(IStorage storage, string agentId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var kind in new[] { MemoryKind.LongTerm, MemoryKind.ShortTerm })
        {
            await foreach (var record in ReadAllAsync<MemoryRecord>(storage, MemoryRecordIndexes.ByAgentKind, [agentId, kind], ct)) yield return record;
        }
    }

    public static IAsyncEnumerable<AuditLog> AuditLogsAsync(IStorage storage, string agentId, CancellationToken ct) =>
        ReadAllAsync<AuditLog>(storage, AuditLogIndexes.ByAgent, [agentId], ct);

    public static IAsyncEnumerable<Trace> TracesAsync(IStorage storage, string sessionId, CancellationToken ct) =>
        ReadAllAsync<Trace>(storage, TraceIndexes.BySession, [sessionId], ct);

    public static IAsyncEnumerable<Checkpoint> CheckpointsAsync(IStorage storage, string sessionId, CancellationToken ct) =>
        ReadAllAsync<Checkpoint>(storage, CheckpointIndexes.BySession, [sessionId], ct);

    /// <summary>
    /// Hands every record of <paramref name="agentId"/> to <paramref name="sink"/>: sessions, memory, audit logs, then
    /// per session its traces, checkpoints and events (the order export writes and import can replay).
    /// </summary>
    public static async Task ReadAllAsync(IStorage storage, string agentId, IRecordSink sink, CancellationToken ct)
    {
        var sessions = new List<string>();
        await foreach (var s in SessionsAsync(storage, agentId, ct))
        {
            sink.Add(s);
            sessions.Add(s.Id);
        }
        await foreach (var m in MemoryAsync(storage, agentId, ct)) sink.Add(m);
        await foreach (var a in AuditLogsAsync(storage, agentId, ct)) sink.Add(a);
        foreach (var id in sessions)
        {
            await foreach (var t in TracesAsync(storage, id, ct)) sink.Add(t);
            await foreach (var c in CheckpointsAsync(storage, id, ct)) sink.Add(c);
            await foreach (var e in ReadEventsAsync(storage, id, 0, ct)) sink.Add(e);
        }
    }

    /// <summary>The highest sequence number stored for the session (0 for an empty ledger).</summary>
    public static async Task<long> LastSeqAsync(IStorage storage, string sessionId, CancellationToken ct)
    {
        long last = 0;
        await foreach (var e in ReadEventsAsync(storage, sessionId, 0, ct)) last = e.SeqNum;
        return last;
    }
}

/// <summary>Receives the records <see cref="AgentState.ReadAllAsync(IStorage, string, IRecordSink, CancellationToken)"/> reads.</summary>
internal interface IRecordSink
{
    void Add<TEntity>(TEntity record) where TEntity : class, IStorageEntity<TEntity>;
}
