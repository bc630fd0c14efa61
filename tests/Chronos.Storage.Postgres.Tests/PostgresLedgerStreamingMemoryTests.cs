using Chronos.Storage.Conformance;
using Npgsql;
using Xunit;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>Runs the streaming-memory test alone: live managed memory is process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresMemoryMeasurements
{
    public const string Name = "postgres memory measurements";
}

/// <summary>200,000 events in PostgreSQL, read through <see cref="IStorage.ReadEventsAsync"/>.</summary>
[RequiresTestServer(TestServers.Postgres)]
[Collection(PostgresMemoryMeasurements.Name)]
public sealed class PostgresLedgerStreamingMemoryTests : LedgerStreamingMemoryTests, IAsyncDisposable
{
    private readonly PostgresTestSchema _schema = new();

    protected override async Task<IStorage> CreateStoreAsync() => await PostgresStorage.OpenAsync(await _schema.ConnectionStringAsync());

    protected override async ValueTask DisposeStoreAsync(IStorage store)
    {
        await store.DisposeAsync();
        await _schema.DisposeAsync();
    }

    public ValueTask DisposeAsync() => _schema.DisposeAsync();

    /// <summary>One INSERT ... SELECT over generate_series: 200,000 rows in a few seconds.</summary>
    protected override async Task SeedLedgerAsync(string sessionId, int count, string payloadText)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(await _schema.ConnectionStringAsync()) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO "events" ("id", "session_id", "seq_num", "type", "payload", "created_at")
            SELECT @session || '-e' || n, @session, n, 'chat_message', jsonb_build_object('text', @text::text, 'n', n), TIMESTAMPTZ '2025-01-02 03:04:05Z'
            FROM generate_series(1, @count) AS n
            """, connection);
        command.Parameters.AddWithValue("count", count);
        command.Parameters.AddWithValue("session", sessionId);
        command.Parameters.AddWithValue("text", payloadText);
        Assert.Equal(count, await command.ExecuteNonQueryAsync());
    }
}
