using Chronos.Storage;
using Microsoft.Data.Sqlite;

namespace Chronos.Benchmarks.Sqlite;

/// <summary>
/// The baseline: what a careful engineer writes by hand with Microsoft.Data.Sqlite: one connection, commands prepared
/// once, typed getters by ordinal, the same SQL and the same append transaction as the adapter.
/// </summary>
internal sealed class SqliteHandWritten : IHandWrittenLedger
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _getSession, _listSessions, _listEvents, _eventById, _nextSeq, _insertEvent;

    public SqliteHandWritten(string path)
    {
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
        _getSession = Prepare($"SELECT {HandWrittenRows.SessionColumns} FROM sessions WHERE id = @id", "@id");
        _listSessions = Prepare($"SELECT {HandWrittenRows.SessionColumns} FROM sessions WHERE agent_id = @agent_id ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset", "@agent_id", "@limit", "@offset");
        _listEvents = Prepare("SELECT id, session_id, seq_num, type, payload, created_at FROM events WHERE session_id = @session_id AND seq_num > @after ORDER BY seq_num ASC LIMIT @limit OFFSET @offset", "@session_id", "@after", "@limit", "@offset");
        _eventById = Prepare("SELECT id, session_id, seq_num, type, payload, created_at FROM events WHERE id = @id", "@id");
        _nextSeq = Prepare("SELECT COALESCE(MAX(seq_num), 0) + 1 FROM events WHERE session_id = @session_id", "@session_id");
        _insertEvent = Prepare("INSERT INTO events (id, session_id, seq_num, type, payload, created_at) VALUES (@id, @session_id, @seq_num, @type, @payload, @created_at) ON CONFLICT (id) DO NOTHING",
            "@id", "@session_id", "@seq_num", "@type", "@payload", "@created_at");
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    public Task<Session?> GetSessionAsync(string id)
    {
        _getSession.Parameters[0].Value = id;
        using var reader = _getSession.ExecuteReader();
        return Task.FromResult(reader.Read() ? HandWrittenRows.Session<UnixMicroseconds>(reader) : null);
    }

    public Task<IReadOnlyList<Session>> ListSessionsAsync(string agentId, int limit)
    {
        _listSessions.Parameters[0].Value = agentId;
        _listSessions.Parameters[1].Value = (long)limit;
        _listSessions.Parameters[2].Value = 0L;
        var rows = new List<Session>(limit);
        using var reader = _listSessions.ExecuteReader();
        while (reader.Read()) rows.Add(HandWrittenRows.Session<UnixMicroseconds>(reader));
        return Task.FromResult<IReadOnlyList<Session>>(rows);
    }

    public Task<IReadOnlyList<Event>> ListEventsAsync(string sessionId)
    {
        _listEvents.Parameters[0].Value = sessionId;
        _listEvents.Parameters[1].Value = 0L;
        _listEvents.Parameters[2].Value = long.MaxValue;
        _listEvents.Parameters[3].Value = 0L;
        var rows = new List<Event>(16);
        using var reader = _listEvents.ExecuteReader();
        while (reader.Read()) rows.Add(HandWrittenRows.Event<UnixMicroseconds>(reader));
        return Task.FromResult<IReadOnlyList<Event>>(rows);
    }

    public Task<Event> AppendEventAsync(Event e)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        _eventById.Transaction = _nextSeq.Transaction = _insertEvent.Transaction = transaction;
        _nextSeq.Parameters[0].Value = e.SessionId;
        var stored = e with { SeqNum = (long)_nextSeq.ExecuteScalar()!, CreatedAt = StorageTime.UtcNow() };
        _insertEvent.Parameters[0].Value = stored.Id;
        _insertEvent.Parameters[1].Value = stored.SessionId;
        _insertEvent.Parameters[2].Value = stored.SeqNum;
        _insertEvent.Parameters[3].Value = stored.Type;
        _insertEvent.Parameters[4].Value = (object?)stored.Payload?.ToJsonString() ?? DBNull.Value;
        _insertEvent.Parameters[5].Value = StorageTime.ToUnixMicroseconds(stored.CreatedAt);
        if (_insertEvent.ExecuteNonQuery() == 0)
        {
            // The id exists: the stored event is the answer.
            _eventById.Parameters[0].Value = e.Id;
            using var reader = _eventById.ExecuteReader();
            stored = reader.Read() ? HandWrittenRows.Event<UnixMicroseconds>(reader) : throw new InvalidOperationException(e.Id);
        }
        transaction.Commit();
        return Task.FromResult(stored);
    }

    /// <summary>
    /// A batch in one transaction: the next number read once, then every insert (the prepared one of the single append);
    /// ids are new (the benchmark's), so no stored event is read back.
    /// </summary>
    // One multi-row INSERT per batch, prepared once per batch size (the benchmark uses one size).
    private readonly Dictionary<int, SqliteCommand> _insertEvents = [];

    public Task<IReadOnlyList<Event>> AppendEventsAsync(IReadOnlyList<Event> events)
    {
        if (!_insertEvents.TryGetValue(events.Count, out var insert))
        {
            insert = _insertEvents[events.Count] = Prepare(HandWrittenRows.EventRowsInsert(events.Count, " ON CONFLICT (id) DO NOTHING"),
                [.. Enumerable.Range(0, events.Count * 6).Select(p => "@p" + p)]);
        }
        using var transaction = _connection.BeginTransaction(deferred: false);
        _nextSeq.Transaction = insert.Transaction = transaction;
        _nextSeq.Parameters[0].Value = events[0].SessionId;
        var next = (long)_nextSeq.ExecuteScalar()!;
        var stored = new Event[events.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            stored[i] = events[i] with { SeqNum = next + i, CreatedAt = StorageTime.UtcNow() };
            HandWrittenRows.BindEventRow<UnixMicroseconds>(insert.Parameters, i, stored[i]);
        }
        if (insert.ExecuteNonQuery() != stored.Length) throw new InvalidOperationException("an id of the batch is stored");
        transaction.Commit();
        return Task.FromResult<IReadOnlyList<Event>>(stored);
    }

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
