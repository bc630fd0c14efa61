using System.Text.Json.Nodes;
using Chronos.Storage;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Chronos.Benchmarks.Sqlite;

/// <summary>
/// Plain reflection Dapper (what most teams write): the same SQL on one open connection, rows materialized into row
/// classes whose properties are the storage names (INTEGER microseconds, JSON text), then converted to the records.
/// Dapper does not prepare commands; Microsoft.Data.Sqlite caches the compiled statement per connection anyway.
/// </summary>
internal sealed class SqliteDapper : IDisposable
{
    private const string SessionColumns = "id, agent_id, user_id, status, metadata, created_at, updated_at, version";
    private const string EventColumns = "id, session_id, seq_num, type, payload, created_at";
    private readonly SqliteConnection _connection;

    public SqliteDapper(string path)
    {
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
    }

    public Task<Session?> GetSessionAsync(string id)
    {
        var row = _connection.QuerySingleOrDefault<SessionRow>($"SELECT {SessionColumns} FROM sessions WHERE id = @id", new { id });
        return Task.FromResult(row?.ToSession());
    }

    public Task<IReadOnlyList<Session>> ListSessionsAsync(string agentId, int limit)
    {
        var rows = _connection.Query<SessionRow>(
            $"SELECT {SessionColumns} FROM sessions WHERE agent_id = @agent_id ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset",
            new { agent_id = agentId, limit = (long)limit, offset = 0L });
        return Task.FromResult<IReadOnlyList<Session>>(rows.Select(r => r.ToSession()).ToList());
    }

    public Task<IReadOnlyList<Event>> ListEventsAsync(string sessionId)
    {
        var rows = _connection.Query<EventRow>(
            $"SELECT {EventColumns} FROM events WHERE session_id = @session_id AND seq_num > @after ORDER BY seq_num ASC LIMIT @limit OFFSET @offset",
            new { session_id = sessionId, after = 0L, limit = long.MaxValue, offset = 0L });
        return Task.FromResult<IReadOnlyList<Event>>(rows.Select(r => r.ToEvent()).ToList());
    }

    public Task<Event> AppendEventAsync(Event e)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        var seq = _connection.ExecuteScalar<long>("SELECT COALESCE(MAX(seq_num), 0) + 1 FROM events WHERE session_id = @session_id", new { session_id = e.SessionId }, transaction);
        var stored = e with { SeqNum = seq, CreatedAt = StorageTime.UtcNow() };
        var inserted = _connection.Execute(
            "INSERT INTO events (id, session_id, seq_num, type, payload, created_at) VALUES (@id, @session_id, @seq_num, @type, @payload, @created_at) ON CONFLICT (id) DO NOTHING",
            new EventRow
            {
                id = stored.Id, session_id = stored.SessionId, seq_num = stored.SeqNum, type = stored.Type,
                payload = stored.Payload?.ToJsonString(), created_at = StorageTime.ToUnixMicroseconds(stored.CreatedAt),
            }, transaction);
        if (inserted == 0)
        {
            // The id exists: the stored event is the answer.
            stored = _connection.QuerySingle<EventRow>($"SELECT {EventColumns} FROM events WHERE id = @id", new { id = e.Id }, transaction).ToEvent();
        }
        transaction.Commit();
        return Task.FromResult(stored);
    }

    public void Dispose() => _connection.Dispose();

#pragma warning disable IDE1006 // Dapper binds by name: the properties are the column names.
    private sealed class SessionRow
    {
        public string id { get; set; } = "";
        public string agent_id { get; set; } = "";
        public string user_id { get; set; } = "";
        public string status { get; set; } = "";
        public string metadata { get; set; } = "";
        public long created_at { get; set; }
        public long updated_at { get; set; }
        public long version { get; set; }

        public Session ToSession() => new()
        {
            Id = id, AgentId = agent_id, UserId = user_id, Status = status, Metadata = JsonNode.Parse(metadata)!.AsObject(),
            CreatedAt = StorageTime.FromUnixMicroseconds(created_at), UpdatedAt = StorageTime.FromUnixMicroseconds(updated_at), Version = version,
        };
    }

    private sealed class EventRow
    {
        public string id { get; set; } = "";
        public string session_id { get; set; } = "";
        public long seq_num { get; set; }
        public string type { get; set; } = "";
        public string? payload { get; set; }
        public long created_at { get; set; }

        public Event ToEvent() => new()
        {
            Id = id, SessionId = session_id, SeqNum = seq_num, Type = type, Payload = payload is null ? null : JsonNode.Parse(payload),
            CreatedAt = StorageTime.FromUnixMicroseconds(created_at),
        };
    }
#pragma warning restore IDE1006
}
