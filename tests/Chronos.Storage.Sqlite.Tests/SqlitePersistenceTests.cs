using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Chronos.Storage.Sqlite.Tests;

/// <summary>What only a file database shows: data survives reopening, and the schema version is recorded and enforced.</summary>
public sealed class SqlitePersistenceTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task EverythingWrittenIsThereAfterReopeningTheFile()
    {
        var path = _temp.File();
        Session created;
        Event second;
        await using (var store = await SqliteStorage.OpenAsync(path))
        {
            created = await store.CreateSessionAsync(new Session { Id = "s:1", AgentId = "agent", Metadata = new JsonObject { ["k"] = "v" } });
            await store.AppendEventAsync(new Event { Id = "e1", SessionId = "s:1", Type = EventType.ChatMessage });
            second = await store.AppendEventAsync(new Event { Id = "e2", SessionId = "s:1", Type = EventType.ChatMessage, Payload = new JsonObject { ["n"] = 2 } });
        }

        await using (var reopened = await SqliteStorage.OpenAsync(path))
        {
            RecordAssert.Same(created, await reopened.GetSessionAsync("s:1"));
            var events = await reopened.ListEventsAsync("s:1");
            Assert.Equal([1L, 2L], events.Select(e => e.SeqNum));
            RecordAssert.Same(second, events[1]);
            // The ledger continues where it stopped.
            Assert.Equal(3, (await reopened.AppendEventAsync(new Event { Id = "e3", SessionId = "s:1", Type = "t" })).SeqNum);
        }
    }

    [Fact]
    public async Task MigrateRecordsTheVersionOfEveryBuiltInTable()
    {
        await using (await SqliteStorage.OpenAsync(_temp.File())) { }

        var versions = ReadVersions();

        Assert.Equal(["audit_logs", "checkpoints", "events", "memory", "sessions", "traces"], versions.Keys.Order());
        Assert.Equal(2L, versions["audit_logs"]); // issue 16: version 2 added the by_session index
        Assert.All(versions.Where(v => v.Key != "audit_logs"), v => Assert.Equal(1L, v.Value));
    }

    [Fact]
    public async Task AStoreNewerThanTheCodeIsRefusedAndLeftAlone()
    {
        await using (await SqliteStorage.OpenAsync(_temp.File())) { }
        Execute("UPDATE chronos_schema SET version = 99 WHERE storage_name = 'events'");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => SqliteStorage.OpenAsync(_temp.File()));

        Assert.Equal("Event", error.Entity);
        Assert.Equal(99, error.StoredVersion);
        Assert.Equal(1, error.CodeVersion);
        Assert.Equal(99L, ReadVersions()["events"]);
    }

    [Fact]
    public async Task TwoStoresOnOneFileShareTheLedgerWithoutGaps()
    {
        var path = _temp.File();
        await using var a = await SqliteStorage.OpenAsync(path);
        await using var b = await SqliteStorage.OpenAsync(path);

        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 50; i++) await a.AppendEventAsync(new Event { Id = $"a{i}", SessionId = "s", Type = "t" }); }),
            Task.Run(async () => { for (var i = 0; i < 50; i++) await b.AppendEventAsync(new Event { Id = $"b{i}", SessionId = "s", Type = "t" }); }));

        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), (await a.ListEventsAsync("s")).Select(e => e.SeqNum));
    }

    private Dictionary<string, long> ReadVersions()
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT storage_name, version FROM chronos_schema";
        using var reader = command.ExecuteReader();
        var versions = new Dictionary<string, long>();
        while (reader.Read()) versions[reader.GetString(0)] = reader.GetInt64(1);
        return versions;
    }

    private void Execute(string sql)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection($"Data Source={_temp.File()};Pooling=False");
        connection.Open();
        return connection;
    }
}
