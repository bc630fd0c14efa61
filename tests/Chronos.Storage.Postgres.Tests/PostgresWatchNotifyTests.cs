using Chronos.Storage.Conformance;
using Npgsql;
using Xunit;

namespace Chronos.Storage.Postgres.Tests;

/// <summary>
/// The push half of <see cref="IStorage.WatchEventsAsync"/> on PostgreSQL: an append that commits notifies the
/// session's channel (so watchers are woken), and one that is fenced out (rolled back) does not.
/// </summary>
[RequiresTestServer(TestServers.Postgres)]
public sealed class PostgresWatchNotifyTests(PostgresSchemaFixture fixture) : IClassFixture<PostgresSchemaFixture>
{
    [ConformanceFact]
    public async Task ACommittedAppendNotifiesItsSessionAndAFencedOutOneDoesNot()
    {
        await using var store = await PostgresStorage.OpenAsync(await fixture.Schema.ConnectionStringAsync());
        var session = "s-" + Guid.NewGuid().ToString("N");
        await using var listener = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(await fixture.Schema.ConnectionStringAsync()) { Pooling = false }.ConnectionString);
        await listener.OpenAsync();
        await using (var listen = new NpgsqlCommand("LISTEN chronos_ledger", listener)) await listen.ExecuteNonQueryAsync();
        await using var payloadOf = new NpgsqlCommand("SELECT md5(current_schema() || ':' || @s)", listener);
        payloadOf.Parameters.AddWithValue("s", session);
        var expected = (string)(await payloadOf.ExecuteScalarAsync())!;
        var received = new List<string>();
        listener.Notification += (_, n) => received.Add(n.Payload);

        await store.AppendEventAsync(new Event { Id = session + "-e1", SessionId = session, Type = EventType.ChatMessage });
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30))) await listener.WaitAsync(wait.Token);
        Assert.Equal([expected], received);

        // Fenced out: the transaction rolls back, and with it the queued notification.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.AppendEventAsync(new Event { Id = session + "-e2", SessionId = session, Type = EventType.ChatMessage }, expectedLastSeq: 0));
        // A committed append to another session afterwards: the only notification that may arrive now.
        await store.AppendEventAsync(new Event { Id = session + "-other", SessionId = session + "-other", Type = EventType.ChatMessage });
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30))) await listener.WaitAsync(wait.Token);
        Assert.Equal(2, received.Count);
        Assert.NotEqual(expected, received[1]);
    }
}
