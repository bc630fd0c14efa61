using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chronos.Storage.Conformance;
using Chronos.Storage.Providers;
using Xunit;

namespace Chronos.Storage.Dynamo.Tests;

/// <summary>
/// Native expiry on DynamoDB: the TTL attribute <c>_expire_at</c> (epoch seconds) on expiring records, TTL turned on
/// for the table by <see cref="StorageEngine.MigrateAsync"/>, and reads that compare the attribute with the engine's
/// clock (DynamoDB deletes expired items only eventually, typically within days), so the tests move a manual clock or
/// write records whose expiry has passed. Query pages hold 2 items, so the filter also meets <c>LastEvaluatedKey</c>.
/// </summary>
[RequiresTestServer(TestServers.Dynamo)]
public sealed class DynamoNativeExpiryTests(DynamoTableFixture table) : NativeExpiryConformanceTests, IClassFixture<DynamoTableFixture>
{
    private static readonly TimeSpan Age = TimeSpan.FromHours(1);
    private readonly string _tag = Guid.NewGuid().ToString("N")[..10];

    protected override bool ReadsCompareWithEngineClock => true;

    protected override async Task<StorageEngine> CreateStoreAsync()
    {
        // A retention with a native rule before migrating, as ChronosConfig.OpenStorageAsync does: it turns TTL on.
        var store = new DynamoStorage(DynamoTestServer.Options(table.TableName, pageSize: 2)) { Retention = new RetentionPolicy { AuditLogs = Age } };
        await store.MigrateAsync();
        return store;
    }

    private DateTime Now => Store.TimeProvider.GetUtcNow().UtcDateTime;

    private DateTime Expired => Now - Age - TimeSpan.FromMinutes(1);

    /// <summary>MigrateAsync turns TTL on for <c>_expire_at</c>; migrating again (another process, the same table) changes nothing.</summary>
    [ConformanceFact]
    public async Task MigrateTurnsOnTtlForTheExpiryAttributeAndIsIdempotent()
    {
        await using (var again = new DynamoStorage(DynamoTestServer.Options(table.TableName)) { Retention = Store.Retention })
        {
            await again.MigrateAsync();
        }
        using var client = DynamoTestServer.RawClient();
        var ttl = (await client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table.TableName })).TimeToLiveDescription;

        Assert.Equal(TimeToLiveStatus.ENABLED, ttl.TimeToLiveStatus);
        Assert.Equal(DynamoRecordExpiry.Attribute, ttl.AttributeName);
    }

    /// <summary>
    /// A store whose retention expires nothing natively (none, or checkpoints under <c>keep_latest</c>) leaves the table's
    /// TTL off: DynamoDB Local would otherwise run a deletion job per table on the pool that builds GSIs.
    /// </summary>
    [ConformanceFact]
    public async Task MigrateWithoutANativeRuleLeavesTtlOff()
    {
        var name = DynamoTestServer.NewTableName("nottl");
        try
        {
            await using (var store = new DynamoStorage(DynamoTestServer.Options(name)))
            {
                store.Retention = new RetentionPolicy { Sessions = Age, Checkpoints = new CheckpointRetention { KeepLatest = 2, MaxAge = Age } };
                await store.MigrateAsync();
            }
            using var client = DynamoTestServer.RawClient();
            var ttl = (await client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = name })).TimeToLiveDescription;

            Assert.Equal(TimeToLiveStatus.DISABLED, ttl.TimeToLiveStatus);
        }
        finally
        {
            await DynamoTestServer.DeleteTableAsync(name);
        }
    }

    /// <summary>A table whose TTL is on another attribute is refused with a configuration error naming both attributes.</summary>
    [ConformanceFact]
    public async Task ATableWithTtlOnAnotherAttributeIsAConfigurationError()
    {
        var name = DynamoTestServer.NewTableName("ttl");
        using var client = DynamoTestServer.RawClient();
        try
        {
            await client.CreateTableAsync(new CreateTableRequest
            {
                TableName = name,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                KeySchema = [new KeySchemaElement(DynamoLayout.PartitionKeyAttribute, KeyType.HASH), new KeySchemaElement(DynamoLayout.SortKeyAttribute, KeyType.RANGE)],
                AttributeDefinitions =
                [
                    new AttributeDefinition(DynamoLayout.PartitionKeyAttribute, ScalarAttributeType.S),
                    new AttributeDefinition(DynamoLayout.SortKeyAttribute, ScalarAttributeType.S),
                ],
            });
            await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
            {
                TableName = name,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = "expires", Enabled = true },
            });
            await using var store = new DynamoStorage(DynamoTestServer.Options(name)) { Retention = new RetentionPolicy { ShortTermMemory = Age } };

            var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => store.MigrateAsync());

            Assert.Contains("'expires'", error.Message, StringComparison.Ordinal);
            Assert.Contains($"'{DynamoRecordExpiry.Attribute}'", error.Message, StringComparison.Ordinal);
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await DynamoTestServer.DeleteTableAsync(name);
        }
    }

    /// <summary>
    /// Expiring records carry their expiry in whole epoch seconds, rounded down (never kept past the rule); sessions
    /// and events carry none; an upsert under a store without retention removes it, and the record is seen again.
    /// </summary>
    [ConformanceFact]
    public async Task ExpiringRecordsCarryTheTtlAttributeAndAnUpsertWithoutOneClearsIt()
    {
        var createdAt = new DateTime(2026, 1, 2, 3, 4, 5, 999, DateTimeKind.Utc);
        var checkpoint = Checkpoint(Id("c-up"), Id("s-up"), 1, createdAt);
        var session = await Store.CreateSessionAsync(new Session { Id = Id("s-up"), AgentId = Id("agent"), Metadata = new JsonObject { ["v"] = 1 } });
        var @event = await Store.AppendEventAsync(new Event { Id = Id("e-up"), SessionId = session.Id, Type = EventType.ChatMessage });
        await Store.SaveCheckpointAsync(checkpoint);

        var expected = new DateTimeOffset(createdAt + Age).ToUnixTimeSeconds();
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), (await RawAsync<Checkpoint>(checkpoint.Id))![DynamoRecordExpiry.Attribute].N);
        Assert.False((await RawAsync<Session>(session.Id))!.ContainsKey(DynamoRecordExpiry.Attribute));
        Assert.False((await RawAsync<Event>(@event.Id))!.ContainsKey(DynamoRecordExpiry.Attribute));
        Assert.Null(await Store.GetCheckpointAsync(checkpoint.Id));

        Store.Retention = null;
        await Store.SaveCheckpointAsync(checkpoint);

        Assert.False((await RawAsync<Checkpoint>(checkpoint.Id))!.ContainsKey(DynamoRecordExpiry.Attribute));
        Assert.Equal(checkpoint.Id, (await Store.GetCheckpointAsync(checkpoint.Id))?.Id);
    }

    /// <summary>
    /// Limit applies before the filter in DynamoDB: with expired checkpoints in front (highest numbers) and pages of
    /// 2 items, limited and offset pages still hold the live records behind them, and the latest is the live one.
    /// </summary>
    [ConformanceFact]
    public async Task PagesAreNotCutShortByExpiredItemsInFront()
    {
        var session = Id("s-pages");
        for (var seq = 1; seq <= 4; seq++) await Store.SaveCheckpointAsync(Checkpoint(Id($"live{seq}"), session, seq, Now));
        for (var seq = 5; seq <= 11; seq++) await Store.SaveCheckpointAsync(Checkpoint(Id($"expired{seq}"), session, seq, Expired));

        Assert.Equal(Id("live4"), (await Store.GetLatestCheckpointAsync(session))?.Id);
        Assert.Equal([Id("live4"), Id("live3"), Id("live2")], (await Store.ListCheckpointsAsync(session, limit: 3)).Select(c => c.Id));
        Assert.Equal([Id("live3"), Id("live2")], (await Store.ListCheckpointsAsync(session, limit: 2, offset: 1)).Select(c => c.Id));
        Assert.Equal([Id("live1")], (await Store.ListCheckpointsAsync(session, limit: 5, offset: 3)).Select(c => c.Id));
    }

    /// <summary>
    /// An expired item DynamoDB has not deleted yet does not hold its id: the put-if-absent takes its place (with the
    /// new expiry), a delete of it reports nothing removed, and a live id is still refused.
    /// </summary>
    [ConformanceFact]
    public async Task TheIdGuardTreatsAnExpiredItemAsAbsent()
    {
        var agent = Id("agent");
        var id = Id("a-guard");
        await Store.InsertAuditLogAsync(Audit(id, agent, Id("s"), Expired));
        Assert.NotNull(await RawAsync<AuditLog>(id));

        var again = await Store.InsertAuditLogAsync(Audit(id, agent, Id("s"), Now));

        Assert.Equal([again.Id], (await Store.ListAuditLogsAsync(agent, 10)).Select(l => l.Id));
        Assert.Equal(new DateTimeOffset(again.CreatedAt + Age).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            (await RawAsync<AuditLog>(id))![DynamoRecordExpiry.Attribute].N);
        var duplicate = await Assert.ThrowsAsync<DuplicateKeyException>(() => Store.InsertAuditLogAsync(Audit(id, agent, Id("s"), Now)));
        Assert.Equal(id, duplicate.Key);

        var memory = await Store.PutMemoryAsync(Memory(Id("m-gone"), agent, Id("s"), Expired));
        Assert.False(await Store.Entities<MemoryRecord>().DeleteAsync(memory.Id));
        Assert.Null(await RawAsync<MemoryRecord>(memory.Id));
    }

    /// <summary>
    /// A turn's checkpoint and audit entries expire like single writes, and an expired stored audit id or checkpoint
    /// does not refuse or swallow a turn's new record of that id.
    /// </summary>
    [ConformanceFact]
    public async Task ATurnsExpiredRecordsAreNotSeenAndTheirIdsCanBeReused()
    {
        var session = await Store.CreateSessionAsync(new Session
        {
            Id = Id("s-turn"), AgentId = Id("agent-turn"), UserId = "u", Status = SessionStatus.Active, Metadata = new JsonObject { ["v"] = 1 },
        });
        session = (await Store.CommitTurnAsync(new TurnCommit
        {
            Session = session,
            Checkpoint = Checkpoint(Id("c-turn"), session.Id, 0, Expired),
            AuditLogs = [Audit(Id("a-turn"), session.AgentId, session.Id, Expired)],
        })).Session;

        Assert.Null(await Store.GetCheckpointAsync(Id("c-turn")));
        Assert.Empty(await Store.ListSessionAuditLogsAsync(session.Id, 10));
        Assert.Empty(await Store.ListAuditLogsAsync(session.AgentId, 10));

        await Store.CommitTurnAsync(new TurnCommit
        {
            Session = session,
            Checkpoint = Checkpoint(Id("c-turn"), session.Id, 0, Now),
            AuditLogs = [Audit(Id("a-turn"), session.AgentId, session.Id, Now)],
        });

        Assert.Equal(Id("c-turn"), (await Store.GetCheckpointAsync(Id("c-turn")))?.Id);
        Assert.Equal([Id("a-turn")], (await Store.ListSessionAuditLogsAsync(session.Id, 10)).Select(a => a.Id));
    }

    /// <summary>Deleting a session removes its expired checkpoints and short-term memory too: no item is left behind it.</summary>
    [ConformanceFact]
    public async Task DeletingASessionRemovesItsExpiredItemsToo()
    {
        var session = await Store.CreateSessionAsync(new Session { Id = Id("s-del"), AgentId = Id("agent"), Metadata = new JsonObject { ["v"] = 1 } });
        await Store.SaveCheckpointAsync(Checkpoint(Id("c-del"), session.Id, 1, Expired));
        await Store.PutMemoryAsync(Memory(Id("m-del"), session.AgentId, session.Id, Expired));
        Assert.NotNull(await RawAsync<Checkpoint>(Id("c-del")));

        await Store.DeleteSessionAsync(session.Id);

        Assert.Null(await RawAsync<Checkpoint>(Id("c-del")));
        Assert.Null(await RawAsync<MemoryRecord>(Id("m-del")));
    }

    /// <summary>
    /// The expiring entities declare no unique index, so no guard item can point at an expired record (guards carry no
    /// TTL). Adding a unique index to one of them needs guards that expire with their record: this test says so.
    /// </summary>
    [ConformanceFact]
    public void ExpiringEntitiesHaveNoUniqueGuards()
    {
        Assert.All(new[] { DynamoLayout.Of<MemoryRecord>(), DynamoLayout.Of<AuditLog>(), DynamoLayout.Of<Checkpoint>() },
            layout => Assert.DoesNotContain(layout.Indexes, index => index.IsUnique));
    }

    private string Id(string prefix) => $"{prefix}-{_tag}";

    private async Task<Dictionary<string, AttributeValue>?> RawAsync<TEntity>(string id) where TEntity : class, Schema.IStorageEntity<TEntity>
    {
        using var client = DynamoTestServer.RawClient();
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = table.TableName, Key = DynamoEntityStore<TEntity>.ItemKey(id), ConsistentRead = true,
        });
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private static Checkpoint Checkpoint(string id, string sessionId, long seqNum, DateTime createdAt) => new()
    {
        Id = id, SessionId = sessionId, RunId = "r", NodeId = "n", State = new JsonObject { ["v"] = seqNum }, SeqNum = seqNum, CreatedAt = createdAt,
    };

    private static AuditLog Audit(string id, string agentId, string sessionId, DateTime createdAt) => new()
    {
        Id = id, AgentId = agentId, SessionId = sessionId, Actor = "tool", Action = "read", Resource = "doc",
        Detail = new JsonObject { ["v"] = 1 }, CreatedAt = createdAt,
    };

    private static MemoryRecord Memory(string id, string agentId, string sessionId, DateTime createdAt) => new()
    {
        Id = id, AgentId = agentId, SessionId = sessionId, UserId = "u", Kind = MemoryKind.ShortTerm, Key = id,
        Value = new JsonObject { ["v"] = id }, CreatedAt = createdAt,
    };
}
