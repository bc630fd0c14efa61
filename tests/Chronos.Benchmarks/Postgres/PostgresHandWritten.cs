using Chronos.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Chronos.Benchmarks.Postgres;

/// <summary>
/// The baseline: what a careful engineer writes by hand with Npgsql: an <see cref="NpgsqlDataSource"/>, one open
/// connection holding commands prepared once, typed parameters and typed getters by ordinal, the same SQL and the same
/// append transaction (advisory lock per session, MAX(seq_num)+1, insert) as the adapter.
/// </summary>
internal sealed class PostgresHandWritten : IHandWrittenLedger
{
    private readonly NpgsqlDataSource _dataSource;
    private NpgsqlConnection _connection = null!;
    private NpgsqlCommand _getSession = null!, _listSessions = null!, _listEvents = null!, _lock = null!, _eventById = null!, _nextSeq = null!, _insertEvent = null!;

    private PostgresHandWritten(string connectionString) => _dataSource = NpgsqlDataSource.Create(connectionString);

    public static async Task<PostgresHandWritten> OpenAsync(string connectionString)
    {
        var hand = new PostgresHandWritten(connectionString);
        var c = hand._connection = await hand._dataSource.OpenConnectionAsync();
        hand._getSession = await PrepareAsync(c, $"SELECT {HandWrittenRows.SessionColumns} FROM sessions WHERE id = @id", ("id", NpgsqlDbType.Text));
        hand._listSessions = await PrepareAsync(c, $"SELECT {HandWrittenRows.SessionColumns} FROM sessions WHERE agent_id = @agent_id ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset",
            ("agent_id", NpgsqlDbType.Text), ("limit", NpgsqlDbType.Bigint), ("offset", NpgsqlDbType.Bigint));
        hand._listEvents = await PrepareAsync(c, $"SELECT {HandWrittenRows.EventColumns} FROM events WHERE session_id = @session_id AND seq_num > @after ORDER BY seq_num ASC LIMIT @limit OFFSET @offset",
            ("session_id", NpgsqlDbType.Text), ("after", NpgsqlDbType.Bigint), ("limit", NpgsqlDbType.Bigint), ("offset", NpgsqlDbType.Bigint));
        hand._lock = await PrepareAsync(c, "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':chronos.ledger:' || @session_id))", ("session_id", NpgsqlDbType.Text));
        hand._eventById = await PrepareAsync(c, $"SELECT {HandWrittenRows.EventColumns} FROM events WHERE id = @id", ("id", NpgsqlDbType.Text));
        hand._nextSeq = await PrepareAsync(c, "SELECT COALESCE(MAX(seq_num), 0) + 1 FROM events WHERE session_id = @session_id", ("session_id", NpgsqlDbType.Text));
        hand._insertEvent = await PrepareAsync(c, "INSERT INTO events (id, session_id, seq_num, type, payload, created_at) VALUES (@id, @session_id, @seq_num, @type, @payload, @created_at) ON CONFLICT (id) DO NOTHING",
            ("id", NpgsqlDbType.Text), ("session_id", NpgsqlDbType.Text), ("seq_num", NpgsqlDbType.Bigint), ("type", NpgsqlDbType.Text),
            ("payload", NpgsqlDbType.Jsonb), ("created_at", NpgsqlDbType.TimestampTz));
        return hand;
    }

    private static async Task<NpgsqlCommand> PrepareAsync(NpgsqlConnection connection, string sql, params (string Name, NpgsqlDbType Type)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, type) in parameters) command.Parameters.Add(new NpgsqlParameter(name, type));
        await command.PrepareAsync();
        return command;
    }

    public async Task<Session?> GetSessionAsync(string id)
    {
        _getSession.Parameters[0].Value = id;
        await using var reader = await _getSession.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow);
        return await reader.ReadAsync() ? HandWrittenRows.Session<TimestampColumn>(reader) : null;
    }

    public async Task<IReadOnlyList<Session>> ListSessionsAsync(string agentId, int limit)
    {
        _listSessions.Parameters[0].Value = agentId;
        _listSessions.Parameters[1].Value = (long)limit;
        _listSessions.Parameters[2].Value = 0L;
        var rows = new List<Session>(limit);
        await using var reader = await _listSessions.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(HandWrittenRows.Session<TimestampColumn>(reader));
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
        while (await reader.ReadAsync()) rows.Add(HandWrittenRows.Event<TimestampColumn>(reader));
        return rows;
    }

    public async Task<Event> AppendEventAsync(Event e)
    {
        await using var transaction = await _connection.BeginTransactionAsync();
        _lock.Parameters[0].Value = e.SessionId;
        await _lock.ExecuteScalarAsync();
        _nextSeq.Parameters[0].Value = e.SessionId;
        var stored = e with { SeqNum = (long)(await _nextSeq.ExecuteScalarAsync())!, CreatedAt = StorageTime.UtcNow() };
        _insertEvent.Parameters[0].Value = stored.Id;
        _insertEvent.Parameters[1].Value = stored.SessionId;
        _insertEvent.Parameters[2].Value = stored.SeqNum;
        _insertEvent.Parameters[3].Value = stored.Type;
        _insertEvent.Parameters[4].Value = (object?)stored.Payload?.ToJsonString() ?? DBNull.Value;
        _insertEvent.Parameters[5].Value = stored.CreatedAt;
        if (await _insertEvent.ExecuteNonQueryAsync() == 0)
        {
            // The id exists: the stored event is the answer.
            _eventById.Parameters[0].Value = e.Id;
            await using var reader = await _eventById.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow);
            stored = await reader.ReadAsync() ? HandWrittenRows.Event<TimestampColumn>(reader) : throw new InvalidOperationException(e.Id);
        }
        await transaction.CommitAsync();
        return stored;
    }

    /// <summary>
    /// A batch in one transaction: the ledger lock and the next number once, then every insert (the prepared one of
    /// the single append); ids are new (the benchmark's), so no stored event is read back.
    /// </summary>
    // One multi-row INSERT per batch, prepared once per batch size (the benchmark uses one size).
    private readonly Dictionary<int, NpgsqlCommand> _insertEvents = [];

    public async Task<IReadOnlyList<Event>> AppendEventsAsync(IReadOnlyList<Event> events)
    {
        if (!_insertEvents.TryGetValue(events.Count, out var insert))
        {
            NpgsqlDbType[] types = [NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Jsonb, NpgsqlDbType.TimestampTz];
            insert = _insertEvents[events.Count] = await PrepareAsync(_connection, HandWrittenRows.EventRowsInsert(events.Count, " ON CONFLICT (id) DO NOTHING"),
                [.. Enumerable.Range(0, events.Count * 6).Select(p => ("p" + p, types[p % 6]))]);
        }
        await using var transaction = await _connection.BeginTransactionAsync();
        _lock.Parameters[0].Value = events[0].SessionId;
        await _lock.ExecuteScalarAsync();
        _nextSeq.Parameters[0].Value = events[0].SessionId;
        var next = (long)(await _nextSeq.ExecuteScalarAsync())!;
        var stored = new Event[events.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            stored[i] = events[i] with { SeqNum = next + i, CreatedAt = StorageTime.UtcNow() };
            HandWrittenRows.BindEventRow<TimestampColumn>(insert.Parameters, i, stored[i]);
        }
        if (await insert.ExecuteNonQueryAsync() != stored.Length) throw new InvalidOperationException("an id of the batch is stored");
        await transaction.CommitAsync();
        return stored;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
