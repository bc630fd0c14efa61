using System.Text.Json.Nodes;
using Chronos.Benchmarks.Streaming;
using Chronos.Storage;
using Chronos.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Chronos.Benchmarks.Sqlite;

/// <summary><see cref="LedgerStreamingBenchmark"/> on a SQLite file (WAL, on tmpfs when there is one).</summary>
public class SqliteStreamingBenchmarks : LedgerStreamingBenchmark
{
    private string _directory = "";
    private SqliteConnection _connection = null!;
    private SqliteCommand _page = null!;

    protected override async Task OpenAsync()
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _directory = Path.Combine(root, "chronos-stream-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "bench.db");
        Store = await SqliteStorage.OpenAsync(path);
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
        using (var seed = _connection.CreateCommand())
        {
            seed.CommandText = """
                WITH RECURSIVE counter(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter WHERE n < $count)
                INSERT INTO events (id, session_id, seq_num, type, payload, created_at)
                SELECT 'ev' || n, $session, n, 'chat_message', json_object('role', 'user', 'text', $text), 1735689600000000 FROM counter
                """;
            seed.Parameters.AddWithValue("$count", LedgerLength);
            seed.Parameters.AddWithValue("$session", Session);
            seed.Parameters.AddWithValue("$text", PayloadText);
            seed.ExecuteNonQuery();
        }
        _page = _connection.CreateCommand();
        _page.CommandText = "SELECT id, session_id, seq_num, type, payload, created_at FROM events WHERE session_id = @session_id AND seq_num > @after ORDER BY seq_num ASC LIMIT @limit";
        _page.Parameters.Add(new SqliteParameter { ParameterName = "@session_id" });
        _page.Parameters.Add(new SqliteParameter { ParameterName = "@after" });
        _page.Parameters.Add(new SqliteParameter { ParameterName = "@limit" });
        _page.Prepare();
    }

    protected override async Task CloseAsync()
    {
        _page.Dispose();
        _connection.Dispose();
        SqliteConnection.ClearAllPools();
        await Store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    protected override async IAsyncEnumerable<Event> HandWrittenPagedReadAsync(string sessionId)
    {
        var after = 0L;
        while (true)
        {
            var page = new List<Event>(PageSize);
            _page.Parameters[0].Value = sessionId;
            _page.Parameters[1].Value = after;
            _page.Parameters[2].Value = (long)PageSize;
            using (var reader = _page.ExecuteReader())
            {
                while (reader.Read())
                {
                    page.Add(new Event
                    {
                        Id = reader.GetString(0), SessionId = reader.GetString(1), SeqNum = reader.GetInt64(2), Type = reader.GetString(3),
                        Payload = reader.IsDBNull(4) ? null : JsonNode.Parse(reader.GetString(4)),
                        CreatedAt = DateTime.UnixEpoch.AddTicks(reader.GetInt64(5) * 10),
                    });
                }
            }
            if (page.Count == 0) yield break;
            foreach (var @event in page) yield return @event;
            after = page[^1].SeqNum;
            await Task.CompletedTask;
        }
    }
}
