using System.Data;
using Chronos.Storage;
using MySqlConnector;

namespace Chronos.Benchmarks.MySql;

/// <summary>
/// The baseline: what a careful engineer writes by hand with MySqlConnector: one open connection (the same session
/// settings as the adapter: ANSI quotes, strict mode) holding commands prepared once, typed parameters and typed
/// getters by ordinal, the same SQL and the same append transaction (READ COMMITTED, the session's lock row,
/// MAX(seq_num)+1, insert unless the id exists) as the adapter.
/// </summary>
internal sealed class MySqlHandWritten : IHandWrittenLedger
{
    private readonly MySqlConnection _connection;
    private MySqlCommand _getSession = null!, _listSessions = null!, _listEvents = null!, _lock = null!, _eventById = null!, _nextSeq = null!, _insertEvent = null!;

    private MySqlHandWritten(string connectionString) => _connection = new MySqlConnection(connectionString);

    public static async Task<MySqlHandWritten> OpenAsync(string connectionString)
    {
        var hand = new MySqlHandWritten(new MySqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        var c = hand._connection;
        await c.OpenAsync();
        await using (var setup = new MySqlCommand(
            "SET SESSION sql_mode = 'ANSI_QUOTES,STRICT_ALL_TABLES,NO_BACKSLASH_ESCAPES', NAMES utf8mb4 COLLATE utf8mb4_bin", c))
        {
            await setup.ExecuteNonQueryAsync();
        }
        hand._getSession = await PrepareAsync(c, $"SELECT {HandWrittenRows.SessionColumns} FROM sessions WHERE id = @id", ("@id", MySqlDbType.VarChar));
        hand._listSessions = await PrepareAsync(c, $"SELECT {HandWrittenRows.SessionColumns} FROM sessions WHERE agent_id = @agent_id ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset",
            ("@agent_id", MySqlDbType.VarChar), ("@limit", MySqlDbType.Int64), ("@offset", MySqlDbType.Int64));
        hand._listEvents = await PrepareAsync(c, $"SELECT {HandWrittenRows.EventColumns} FROM events WHERE session_id = @session_id AND seq_num > @after ORDER BY seq_num ASC LIMIT @limit OFFSET @offset",
            ("@session_id", MySqlDbType.VarChar), ("@after", MySqlDbType.Int64), ("@limit", MySqlDbType.Int64), ("@offset", MySqlDbType.Int64));
        hand._lock = await PrepareAsync(c, "INSERT INTO chronos_ledger_lock (session_id) VALUES (@session_id) ON DUPLICATE KEY UPDATE session_id = session_id",
            ("@session_id", MySqlDbType.VarChar));
        hand._eventById = await PrepareAsync(c, $"SELECT {HandWrittenRows.EventColumns} FROM events WHERE id = @id", ("@id", MySqlDbType.VarChar));
        hand._nextSeq = await PrepareAsync(c, "SELECT COALESCE(MAX(seq_num), 0) + 1 FROM events WHERE session_id = @session_id", ("@session_id", MySqlDbType.VarChar));
        hand._insertEvent = await PrepareAsync(c,
            "INSERT INTO events (id, session_id, seq_num, type, payload, created_at) SELECT @id, @session_id, @seq_num, @type, @payload, @created_at " +
            "FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM events WHERE id = @id)",
            ("@id", MySqlDbType.VarChar), ("@session_id", MySqlDbType.VarChar), ("@seq_num", MySqlDbType.Int64), ("@type", MySqlDbType.VarChar),
            ("@payload", MySqlDbType.LongText), ("@created_at", MySqlDbType.Int64));
        return hand;
    }

    private static async Task<MySqlCommand> PrepareAsync(MySqlConnection connection, string sql, params (string Name, MySqlDbType Type)[] parameters)
    {
        var command = new MySqlCommand(sql, connection);
        foreach (var (name, type) in parameters) command.Parameters.Add(new MySqlParameter(name, type));
        await command.PrepareAsync();
        return command;
    }

    public async Task<Session?> GetSessionAsync(string id)
    {
        _getSession.Parameters[0].Value = id;
        await using var reader = await _getSession.ExecuteReaderAsync(CommandBehavior.SingleRow);
        return await reader.ReadAsync() ? HandWrittenRows.Session<UnixMicroseconds>(reader) : null;
    }

    public async Task<IReadOnlyList<Session>> ListSessionsAsync(string agentId, int limit)
    {
        _listSessions.Parameters[0].Value = agentId;
        _listSessions.Parameters[1].Value = (long)limit;
        _listSessions.Parameters[2].Value = 0L;
        var rows = new List<Session>(limit);
        await using var reader = await _listSessions.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(HandWrittenRows.Session<UnixMicroseconds>(reader));
        return rows;
    }

    public async Task<IReadOnlyList<Event>> ListEventsAsync(string sessionId)
    {
        _listEvents.Parameters[0].Value = sessionId;
        _listEvents.Parameters[1].Value = 0L;
        _listEvents.Parameters[2].Value = long.MaxValue;
        _listEvents.Parameters[3].Value = 0L;
        var rows = new List<Event>(16);
        await using var reader = await _listEvents.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(HandWrittenRows.Event<UnixMicroseconds>(reader));
        return rows;
    }

    public async Task<Event> AppendEventAsync(Event e)
    {
        await using var transaction = await _connection.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        foreach (var command in (ReadOnlySpan<MySqlCommand>)[_lock, _nextSeq, _insertEvent, _eventById]) command.Transaction = transaction;
        _lock.Parameters[0].Value = e.SessionId;
        await _lock.ExecuteNonQueryAsync();
        _nextSeq.Parameters[0].Value = e.SessionId;
        var stored = e with { SeqNum = Convert.ToInt64(await _nextSeq.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture), CreatedAt = StorageTime.UtcNow() };
        _insertEvent.Parameters[0].Value = stored.Id;
        _insertEvent.Parameters[1].Value = stored.SessionId;
        _insertEvent.Parameters[2].Value = stored.SeqNum;
        _insertEvent.Parameters[3].Value = stored.Type;
        _insertEvent.Parameters[4].Value = (object?)stored.Payload?.ToJsonString() ?? DBNull.Value;
        _insertEvent.Parameters[5].Value = StorageTime.ToUnixMicroseconds(stored.CreatedAt);
        if (await _insertEvent.ExecuteNonQueryAsync() == 0)
        {
            // The id exists: the stored event is the answer.
            _eventById.Parameters[0].Value = e.Id;
            await using var reader = await _eventById.ExecuteReaderAsync(CommandBehavior.SingleRow);
            stored = await reader.ReadAsync() ? HandWrittenRows.Event<UnixMicroseconds>(reader) : throw new InvalidOperationException(e.Id);
        }
        await transaction.CommitAsync();
        return stored;
    }

    // One multi-row INSERT per batch, prepared once per batch size (the benchmark uses one size). A plain insert: an
    // id that is stored fails the statement (MariaDB has no ON CONFLICT DO NOTHING that spares other unique indexes).
    private readonly Dictionary<int, MySqlCommand> _insertEvents = [];

    public async Task<IReadOnlyList<Event>> AppendEventsAsync(IReadOnlyList<Event> events)
    {
        if (!_insertEvents.TryGetValue(events.Count, out var insert))
        {
            MySqlDbType[] types = [MySqlDbType.VarChar, MySqlDbType.VarChar, MySqlDbType.Int64, MySqlDbType.VarChar, MySqlDbType.LongText, MySqlDbType.Int64];
            insert = _insertEvents[events.Count] = await PrepareAsync(_connection, HandWrittenRows.EventRowsInsert(events.Count, ""),
                [.. Enumerable.Range(0, events.Count * 6).Select(p => ("@p" + p, types[p % 6]))]);
        }
        await using var transaction = await _connection.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        foreach (var command in (ReadOnlySpan<MySqlCommand>)[_lock, _nextSeq, insert]) command.Transaction = transaction;
        _lock.Parameters[0].Value = events[0].SessionId;
        await _lock.ExecuteNonQueryAsync();
        _nextSeq.Parameters[0].Value = events[0].SessionId;
        var next = Convert.ToInt64(await _nextSeq.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var stored = new Event[events.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            stored[i] = events[i] with { SeqNum = next + i, CreatedAt = StorageTime.UtcNow() };
            HandWrittenRows.BindEventRow<UnixMicroseconds>(insert.Parameters, i, stored[i]);
        }
        if (await insert.ExecuteNonQueryAsync() != stored.Length) throw new InvalidOperationException("the batch was not inserted whole");
        await transaction.CommitAsync();
        return stored;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
