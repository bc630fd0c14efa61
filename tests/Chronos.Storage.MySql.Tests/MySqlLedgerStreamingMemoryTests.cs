using Chronos.Storage.Conformance;
using MySqlConnector;
using Xunit;

namespace Chronos.Storage.MySql.Tests;

/// <summary>Runs the streaming-memory test alone: live managed memory is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MySqlMemoryMeasurements
{
    public const string Name = "mysql memory measurements";
}

/// <summary>200,000 events in MariaDB, read through <see cref="IStorage.ReadEventsAsync"/>.</summary>
[RequiresTestServer(TestServers.MySql)]
[Collection(MySqlMemoryMeasurements.Name)]
public sealed class MySqlLedgerStreamingMemoryTests : LedgerStreamingMemoryTests, IAsyncDisposable
{
    private readonly MySqlTestDatabase _database = new();

    protected override async Task<IStorage> CreateStoreAsync() => await MySqlStorage.OpenAsync(await _database.ConnectionStringAsync());

    protected override async ValueTask DisposeStoreAsync(IStorage store)
    {
        await store.DisposeAsync();
        await _database.DisposeAsync();
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <summary>One INSERT ... SELECT over MariaDB's sequence engine (seq_1_to_N): 200,000 rows in seconds.</summary>
    protected override async Task SeedLedgerAsync(string sessionId, int count, string payloadText)
    {
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(await _database.ConnectionStringAsync()) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"""
            INSERT INTO `events` (`id`, `session_id`, `seq_num`, `type`, `payload`, `created_at`)
            SELECT CONCAT(@session, '-e', seq), @session, seq, 'chat_message', JSON_OBJECT('text', @text, 'n', seq), 1735787045000000
            FROM seq_1_to_{count}
            """, connection);
        command.Parameters.AddWithValue("@session", sessionId);
        command.Parameters.AddWithValue("@text", payloadText);
        Assert.Equal(count, await command.ExecuteNonQueryAsync());
    }
}
