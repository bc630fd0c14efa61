using Chronos.Storage.Conformance;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Chronos.Storage.Sqlite.Tests;

/// <summary>Runs the streaming-memory test alone: live managed memory is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SqliteMemoryMeasurements
{
    public const string Name = "sqlite memory measurements";
}

/// <summary>200,000 events in a database file, read through <see cref="IStorage.ReadEventsAsync"/>.</summary>
[Collection(SqliteMemoryMeasurements.Name)]
public sealed class SqliteLedgerStreamingMemoryTests : LedgerStreamingMemoryTests
{
    private readonly TempDatabase _files = new();

    protected override async Task<IStorage> CreateStoreAsync() => await SqliteStorage.OpenAsync(_files.File());

    protected override async ValueTask DisposeStoreAsync(IStorage store)
    {
        await store.DisposeAsync();
        _files.Dispose();
    }

    /// <summary>One INSERT ... SELECT over a recursive counter in one transaction: 200,000 rows in about a second.</summary>
    protected override async Task SeedLedgerAsync(string sessionId, int count, string payloadText)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _files.File(), Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            WITH RECURSIVE counter(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter WHERE n < $count)
            INSERT INTO "events" ("id", "session_id", "seq_num", "type", "payload", "created_at")
            SELECT $session || '-e' || n, $session, n, 'chat_message', json_object('text', $text, 'n', n), 1735787045000000 FROM counter
            """;
        command.Parameters.AddWithValue("$count", count);
        command.Parameters.AddWithValue("$session", sessionId);
        command.Parameters.AddWithValue("$text", payloadText);
        Assert.Equal(count, await command.ExecuteNonQueryAsync());
    }
}
