using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;
using Xunit;

namespace Chronos.Storage.Dynamo.Tests;

/// <summary>
/// A batch or a turn is one TransactWriteItems: over 100 items or 4 MB it is refused with
/// <see cref="BatchTooLargeException"/> before anything is sent, so nothing is written.
/// </summary>
[RequiresTestServer(TestServers.Dynamo)]
public sealed class DynamoTransactionLimitTests(DynamoTableFixture table) : IClassFixture<DynamoTableFixture>
{
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    [ConformanceFact]
    public async Task ABatchOverFourMegabytesIsRefusedBeforeAnyWrite()
    {
        await using var store = new DynamoStorage(DynamoTestServer.Options(table.TableName));
        await store.MigrateAsync();
        var session = "big-" + _tag;
        // 20 events of 300 KB of random base64 each (the adapter compresses large JSON: ~225 KB stored): every item is
        // under the 400 KB item limit, the transaction ~4.5 MB.
        var payload = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(225 * 1024));
        var batch = Enumerable.Range(1, 20).Select(i => new Event { Id = $"e{i}-{_tag}", SessionId = session, Type = "t", Payload = JsonValue.Create(payload) }).ToList();

        var refused = await Assert.ThrowsAsync<BatchTooLargeException>(() => store.AppendEventsAsync(session, batch));

        Assert.Equal(("bytes", DynamoEventLedger.MaxTransactionBytes), (refused.Unit, refused.Limit));
        Assert.True(refused.Size > refused.Limit);
        Assert.Empty(await store.ListEventsAsync(session));
        // Half of it fits.
        Assert.Equal(10, (await store.AppendEventsAsync(session, batch.Take(10).ToList())).Count);
    }

    [ConformanceFact]
    public async Task ATurnOverAHundredItemsIsRefusedBeforeAnyWrite()
    {
        await using var store = new DynamoStorage(DynamoTestServer.Options(table.TableName));
        await store.MigrateAsync();
        var created = await store.CreateSessionAsync(new Session { Id = "turn-" + _tag, AgentId = "a-" + _tag });
        // 40 events (80 items) + counter + session + 19 audit entries = 101 items.
        var turn = new TurnCommit
        {
            Session = created,
            Events = [.. Enumerable.Range(1, 40).Select(i => new Event { Id = $"te{i}-{_tag}", SessionId = created.Id, Type = "t" })],
            AuditLogs = [.. Enumerable.Range(1, 19).Select(i => new AuditLog { Id = $"ta{i}-{_tag}", AgentId = created.AgentId, SessionId = created.Id, Action = "a" })],
        };

        var refused = await Assert.ThrowsAsync<BatchTooLargeException>(() => store.CommitTurnAsync(turn));

        Assert.Equal(("items", 101L, 100L), (refused.Unit, refused.Size, refused.Limit));
        Assert.Equal(1, (await store.GetSessionAsync(created.Id))!.Version);
        Assert.Empty(await store.ListEventsAsync(created.Id));
        Assert.Empty(await store.ListSessionAuditLogsAsync(created.Id, 100));
        // One audit entry fewer: exactly 100 items, committed.
        var committed = await store.CommitTurnAsync(turn with { AuditLogs = turn.AuditLogs.Skip(1).ToList() });
        Assert.Equal((2L, 40), (committed.Session.Version, (await store.ListEventsAsync(created.Id)).Count));
    }
}
