using System.Text.Json.Nodes;
using Chronos.Benchmarks.Streaming;
using Chronos.Storage;
using Chronos.Storage.Postgres;
using Npgsql;

namespace Chronos.Benchmarks.Postgres;

/// <summary><see cref="LedgerStreamingBenchmark"/> on PostgreSQL, in a schema created on CHRONOS_TEST_POSTGRES and dropped afterwards.</summary>
public class PostgresStreamingBenchmarks : LedgerStreamingBenchmark
{
    private string _server = "";
    private string _schema = "";
    private NpgsqlDataSource _dataSource = null!;
    private NpgsqlConnection _connection = null!;
    private NpgsqlCommand _page = null!;

    protected override async Task OpenAsync()
    {
        _server = Environment.GetEnvironmentVariable("CHRONOS_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set CHRONOS_TEST_POSTGRES (source tools/test-servers/test-servers.sh; servers_export).");
        _schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(_server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA \"{_schema}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var dsn = new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ConnectionString;
        Store = await PostgresStorage.OpenAsync(dsn);
        _dataSource = NpgsqlDataSource.Create(dsn);
        _connection = await _dataSource.OpenConnectionAsync();
        await using (var seed = new NpgsqlCommand("""
            INSERT INTO events (id, session_id, seq_num, type, payload, created_at)
            SELECT 'ev' || n, @session, n, 'chat_message', jsonb_build_object('role', 'user', 'text', @text::text), TIMESTAMPTZ '2025-01-01 00:00:00Z'
            FROM generate_series(1, @count) AS n
            """, _connection))
        {
            seed.Parameters.AddWithValue("count", LedgerLength);
            seed.Parameters.AddWithValue("session", Session);
            seed.Parameters.AddWithValue("text", PayloadText);
            await seed.ExecuteNonQueryAsync();
        }
        _page = new NpgsqlCommand("SELECT id, session_id, seq_num, type, payload, created_at FROM events WHERE session_id = @session_id AND seq_num > @after ORDER BY seq_num ASC LIMIT @limit", _connection);
        _page.Parameters.Add(new NpgsqlParameter<string>("session_id", ""));
        _page.Parameters.Add(new NpgsqlParameter<long>("after", 0L));
        _page.Parameters.Add(new NpgsqlParameter<long>("limit", (long)PageSize));
        await _page.PrepareAsync();
    }

    protected override async Task CloseAsync()
    {
        await _page.DisposeAsync();
        await Store.DisposeAsync();
        await using (var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE", _connection)) await drop.ExecuteNonQueryAsync();
        await _connection.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    protected override async IAsyncEnumerable<Event> HandWrittenPagedReadAsync(string sessionId)
    {
        var after = 0L;
        while (true)
        {
            var page = new List<Event>(PageSize);
            ((NpgsqlParameter<string>)_page.Parameters[0]).TypedValue = sessionId;
            ((NpgsqlParameter<long>)_page.Parameters[1]).TypedValue = after;
            await using (var reader = await _page.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    page.Add(new Event
                    {
                        Id = reader.GetString(0), SessionId = reader.GetString(1), SeqNum = reader.GetInt64(2), Type = reader.GetString(3),
                        Payload = reader.IsDBNull(4) ? null : JsonNode.Parse(reader.GetString(4)),
                        CreatedAt = DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc),
                    });
                }
            }
            if (page.Count == 0) yield break;
            foreach (var @event in page) yield return @event;
            after = page[^1].SeqNum;
        }
    }
}
