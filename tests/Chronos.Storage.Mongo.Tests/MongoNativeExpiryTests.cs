using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;
using Chronos.Storage.Providers;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>
/// Native expiry on MongoDB: an <c>expire_at</c> date on expiring records, a TTL index, and reads that compare it with
/// the engine's clock (so the tests move a manual clock instead of waiting for the once-a-minute TTL monitor).
/// </summary>
[RequiresTestServer(TestServers.Mongo)]
public sealed class MongoNativeExpiryTests : NativeExpiryConformanceTests
{
    private MongoStorage Mongo => (MongoStorage)Store;

    protected override bool ReadsCompareWithEngineClock => true;

    protected override async Task<StorageEngine> CreateStoreAsync() => await MongoTestDatabase.OpenAsync(nameof(MongoNativeExpiryTests));

    protected override ValueTask DisposeStoreAsync(StorageEngine store) => MongoTestDatabase.DropAsync((MongoStorage)store);

    /// <summary>Expiring records carry <c>expire_at</c>; an upsert under a store without retention removes it, and the record is seen again.</summary>
    [ConformanceFact]
    public async Task AnUpsertWithoutAnExpiryClearsTheStoredOne()
    {
        var old = Store.TimeProvider.GetUtcNow().UtcDateTime.AddDays(-2);
        var checkpoint = new Checkpoint { Id = "c-up", SessionId = "s-up", RunId = "r", NodeId = "n", State = new JsonObject { ["v"] = 1 }, SeqNum = 1, CreatedAt = old };
        await Store.SaveCheckpointAsync(checkpoint);
        Assert.True((await Raw<Checkpoint>("c-up")).Contains(MongoRecordExpiry<Checkpoint>.Element));
        Assert.Null(await Store.GetCheckpointAsync("c-up"));

        Store.Retention = null;
        await Store.SaveCheckpointAsync(checkpoint);

        Assert.False((await Raw<Checkpoint>("c-up")).Contains(MongoRecordExpiry<Checkpoint>.Element));
        Assert.Equal("c-up", (await Store.GetCheckpointAsync("c-up"))?.Id);
    }

    /// <summary>Sessions and events are written without <c>expire_at</c>.</summary>
    [ConformanceFact]
    public async Task SessionsAndEventsCarryNoExpiry()
    {
        var session = await Store.CreateSessionAsync(new Session
        {
            Id = "s-none", AgentId = "agent", UserId = "u", Status = SessionStatus.Active, Metadata = new JsonObject { ["v"] = 1 },
        });
        var @event = await Store.AppendEventAsync(new Event { Id = "e-none", SessionId = session.Id, Type = EventType.ChatMessage });
        Assert.False((await Raw<Session>(session.Id)).Contains(MongoRecordExpiry<Session>.Element));
        Assert.False((await Raw<Event>(@event.Id)).Contains(MongoRecordExpiry<Event>.Element));
    }

    /// <summary>
    /// A turn's checkpoint and audit entries expire like single writes, and an expired stored audit id or checkpoint
    /// (not yet removed by the TTL monitor) does not refuse or swallow a turn's new record of that id.
    /// </summary>
    [ConformanceFact]
    public async Task ATurnsExpiredRecordsAreNotSeenAndTheirIdsCanBeReused()
    {
        var now = Store.TimeProvider.GetUtcNow().UtcDateTime;
        var old = now.AddDays(-2);
        var session = await Store.CreateSessionAsync(new Session
        {
            Id = "s-turn", AgentId = "agent-turn", UserId = "u", Status = SessionStatus.Active, Metadata = new JsonObject { ["v"] = 1 },
        });
        session = (await Store.CommitTurnAsync(new TurnCommit
        {
            Session = session,
            Checkpoint = Checkpoint("c-turn", session.Id, old),
            AuditLogs = [Audit("a-turn", session, old)],
        })).Session;

        Assert.Null(await Store.GetCheckpointAsync("c-turn"));
        Assert.Empty(await Store.ListSessionAuditLogsAsync(session.Id, 10));
        Assert.Empty(await Store.ListAuditLogsAsync(session.AgentId, 10));

        await Store.CommitTurnAsync(new TurnCommit
        {
            Session = session,
            Checkpoint = Checkpoint("c-turn", session.Id, now),
            AuditLogs = [Audit("a-turn", session, now)],
        });

        Assert.Equal("c-turn", (await Store.GetCheckpointAsync("c-turn"))?.Id);
        Assert.Equal(["a-turn"], (await Store.ListSessionAuditLogsAsync(session.Id, 10)).Select(a => a.Id));
    }

    /// <summary>The expiring collections get the TTL index <c>{expire_at: 1}, expireAfterSeconds: 0</c>; sessions none.</summary>
    [ConformanceFact]
    public async Task ExpiringCollectionsHaveATtlIndex()
    {
        foreach (var collection in new[] { MongoLayout.Of<MemoryRecord>().Collection, MongoLayout.Of<AuditLog>().Collection, MongoLayout.Of<Checkpoint>().Collection })
        {
            var indexes = await (await Mongo.Database.GetCollection<BsonDocument>(collection).Indexes.ListAsync()).ToListAsync();
            var ttl = Assert.Single(indexes, i => i["key"].AsBsonDocument.Contains(MongoRecordExpiry<Checkpoint>.Element));
            Assert.Equal(0, ttl["expireAfterSeconds"].ToInt32());
        }
        var sessionIndexes = await (await Mongo.Database.GetCollection<BsonDocument>(MongoLayout.Of<Session>().Collection).Indexes.ListAsync()).ToListAsync();
        Assert.DoesNotContain(sessionIndexes, i => i.Contains("expireAfterSeconds"));
    }

    private async Task<BsonDocument> Raw<TEntity>(string id) where TEntity : class, Schema.IStorageEntity<TEntity> =>
        await Mongo.Database.GetCollection<BsonDocument>(MongoLayout.Of<TEntity>().Collection).Find(new BsonDocument("_id", id)).SingleAsync();

    private static Checkpoint Checkpoint(string id, string sessionId, DateTime createdAt) =>
        new() { Id = id, SessionId = sessionId, RunId = "r", NodeId = "n", State = new JsonObject { ["v"] = 1 }, SeqNum = 0, CreatedAt = createdAt };

    private static AuditLog Audit(string id, Session session, DateTime createdAt) => new()
    {
        Id = id, AgentId = session.AgentId, SessionId = session.Id, Actor = "tool", Action = "read", Resource = "doc",
        Detail = new JsonObject { ["v"] = 1 }, CreatedAt = createdAt,
    };
}
