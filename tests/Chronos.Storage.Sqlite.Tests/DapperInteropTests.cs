using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;
using Chronos.Storage.Schema;
using Dapper;
using Microsoft.Data.Sqlite;
using Xunit;

[module: DapperAot]

namespace Chronos.Storage.Sqlite.Tests;

/// <summary>
/// The generated SQLite SQL is Dapper-compatible (<c>@storage_name</c> parameters): run through Dapper.AOT it reads
/// exactly what the adapter wrote, and the adapter reads exactly what Dapper wrote. JSON is bound as a string: a
/// JsonObject parameter would be taken for an IN list.
/// </summary>
public sealed class DapperInteropTests : IDisposable
{
    private static readonly SqlStatements Sql = SqlOf<Event>().For(SqliteDialect.DialectName);
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task DapperReadsWhatTheAdapterWrote()
    {
        await using var store = await SqliteStorage.OpenAsync(_temp.File());
        var written = new List<Event>();
        for (var i = 0; i < 3; i++)
        {
            written.Add(await store.AppendEventAsync(new Event
            {
                Id = $"e{i}", SessionId = "s'1", Type = EventType.ChatMessage, CreatedAt = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(i * 10 + 1230),
                Payload = i == 1 ? null : new JsonObject { ["text"] = "héllo " + i, ["big"] = 9007199254740993 },
            }));
        }

        await using var connection = Open();
        var rows = connection.Query<EventRow>(Sql.Indexes[0].List, new ListArgs { session_id = "s'1", limit = 100, offset = 0 }).AsList();

        Assert.Equal(written.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            RecordAssert.Same(written[i], rows[i].ToEvent());
        }
    }

    [Fact]
    public async Task TheAdapterReadsWhatDapperWrote()
    {
        await using var store = await SqliteStorage.OpenAsync(_temp.File());
        var expected = new Event
        {
            Id = "dapper-1", SessionId = "s", SeqNum = 1, Type = EventType.NodeExecuted,
            Payload = new JsonObject { ["nested"] = new JsonObject { ["a"] = new JsonArray(1, 2) } },
            CreatedAt = new DateTime(2025, 6, 7, 8, 9, 10, DateTimeKind.Utc).AddTicks(4560),
        };

        await using (var connection = Open())
        {
            Assert.Equal(1, connection.Execute(Sql.Insert, EventRow.From(expected)));
        }

        RecordAssert.Same(expected, Assert.Single(await store.ListEventsAsync("s")));
        // The ledger numbers on from the row Dapper wrote.
        Assert.Equal(2, (await store.AppendEventAsync(new Event { Id = "after", SessionId = "s", Type = "t" })).SeqNum);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_temp.File()};Pooling=False");
        connection.Open();
        return connection;
    }

    private static SqlCatalog SqlOf<T>() where T : IStorageEntity<T> => T.Sql;

    // Dapper binds and maps by name, so the test types use the storage names.
#pragma warning disable IDE1006, CA1707
    public sealed class ListArgs
    {
        public string session_id { get; set; } = "";
        public long limit { get; set; }
        public long offset { get; set; }
    }

    public sealed class EventRow
    {
        public string id { get; set; } = "";
        public string session_id { get; set; } = "";
        public long seq_num { get; set; }
        public string type { get; set; } = "";
        public string? payload { get; set; }
        public long created_at { get; set; }

        public static EventRow From(Event e) => new()
        {
            id = e.Id, session_id = e.SessionId, seq_num = e.SeqNum, type = e.Type,
            payload = e.Payload?.ToJsonString(), created_at = StorageTime.ToUnixMicroseconds(e.CreatedAt),
        };

        public Event ToEvent() => new()
        {
            Id = id, SessionId = session_id, SeqNum = seq_num, Type = type,
            Payload = payload is null ? null : JsonNode.Parse(payload), CreatedAt = StorageTime.FromUnixMicroseconds(created_at),
        };
    }
#pragma warning restore IDE1006, CA1707
}
