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
        // The channel is the database's, shared with every other test class appending in parallel (each in its own
        // schema): only this schema's payloads for these two sessions are looked at.
        var expected = await PayloadAsync(listener, session);
        var other = await PayloadAsync(listener, session + "-other");
        var received = new List<string>();
        listener.Notification += (_, n) => received.Add(n.Payload);

        await store.AppendEventAsync(new Event { Id = session + "-e1", SessionId = session, Type = EventType.ChatMessage });
        await WaitForAsync(listener, received, expected);

        // Fenced out: the transaction rolls back, and with it the queued notification.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            store.AppendEventAsync(new Event { Id = session + "-e2", SessionId = session, Type = EventType.ChatMessage }, expectedLastSeq: 0));
        // A committed append to another session afterwards: notifications arrive in commit order, so once it is here a
        // notification of the fenced-out append would be too.
        await store.AppendEventAsync(new Event { Id = session + "-other", SessionId = session + "-other", Type = EventType.ChatMessage });
        await WaitForAsync(listener, received, other);
        Assert.Single(received, payload => payload == expected);
    }

    private static async Task<string> PayloadAsync(NpgsqlConnection connection, string session)
    {
        await using var payloadOf = new NpgsqlCommand("SELECT md5(current_schema() || ':' || @s)", connection);
        payloadOf.Parameters.AddWithValue("s", session);
        return (string)(await payloadOf.ExecuteScalarAsync())!;
    }

    private static async Task WaitForAsync(NpgsqlConnection listener, List<string> received, string payload)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!received.Contains(payload)) await listener.WaitAsync(wait.Token);
    }
}
