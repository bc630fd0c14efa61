using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Chronos.Storage.Conformance;
using Chronos.Storage.Providers;
using Xunit;

namespace Chronos.Storage.Dynamo.Tests;

/// <summary>What is particular to DynamoDB: paging, the item size limit, cross-process appends, the table's life cycle.</summary>
public sealed class DynamoStorageTests(DynamoTableFixture table) : IClassFixture<DynamoTableFixture>
{
    private static readonly DateTime T0 = new(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc);
    private readonly string _tag = Guid.NewGuid().ToString("N")[..10];

    private async Task<DynamoStorage> OpenAsync(int? pageSize = 2)
    {
        var store = new DynamoStorage(DynamoTestServer.Options(table.TableName, pageSize));
        await store.MigrateAsync();
        return store;
    }

    [ServerFact(TestServers.Dynamo)]
    public async Task ListsSpanningManyPagesReturnTheSqlOrderWithLimitAndOffset()
    {
        await using var store = await OpenAsync(pageSize: 2);
        var agent = "agent-" + _tag;
        // Ties on created_at, so that the id tie-break decides; 23 sessions = 12 pages of 2.
        var sessions = new List<Session>();
        for (var i = 0; i < 23; i++)
        {
            sessions.Add(await store.CreateSessionAsync(new Session { Id = $"s{i % 5}-{i:D2}-{_tag}", AgentId = agent, CreatedAt = T0.AddSeconds(i / 3) }));
        }
        var expected = sessions.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id, StringComparer.Ordinal).Select(s => s.Id).ToList();

        Assert.Equal(expected, (await store.ListSessionsAsync(agent, 1000)).Select(s => s.Id));
        Assert.Equal(expected.Skip(5).Take(7), (await store.ListSessionsAsync(agent, 7, 5)).Select(s => s.Id));
        Assert.Equal(expected.Skip(21), (await store.ListSessionsAsync(agent, 10, 21)).Select(s => s.Id));
        Assert.Empty(await store.ListSessionsAsync(agent, 10, 23));
    }

    [ServerFact(TestServers.Dynamo)]
    public async Task CheckpointsFollowSeqNumThenCreatedAtThenIdDescendingAcrossPages()
    {
        await using var store = await OpenAsync(pageSize: 2);
        var session = "s-" + _tag;
        var saved = new List<Checkpoint>();
        // Equal seq_num with equal and different times, and negative-looking orders of ids ("c10" < "c9" as strings).
        for (var i = 0; i < 12; i++)
        {
            saved.Add(await store.SaveCheckpointAsync(new Checkpoint { Id = $"c{i}-{_tag}", SessionId = session, SeqNum = i % 4, CreatedAt = T0.AddSeconds(i % 3) }));
        }
        var expected = saved.OrderByDescending(c => c.SeqNum).ThenByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal).ToList();

        var listed = await store.Entities<Checkpoint>().ListAsync(new IndexQuery(CheckpointIndexes.BySession, session));
        var after = await store.Entities<Checkpoint>().ListAsync(new IndexQuery(CheckpointIndexes.BySession, session) { After = 2L, Limit = 4 });

        Assert.Equal(expected.Select(c => c.Id), listed.Select(c => c.Id));
        Assert.Equal(expected[0].Id, (await store.GetLatestCheckpointAsync(session))!.Id);
        Assert.Equal(expected.Where(c => c.SeqNum < 2).Take(4).Select(c => c.Id), after.Select(c => c.Id));
    }

    [ServerFact(TestServers.Dynamo)]
    public async Task OversizedRecordsAreRefusedWithATypedErrorAndTheStoreIsUnchanged()
    {
        await using var store = await OpenAsync();
        var session = await store.CreateSessionAsync(new Session { Id = "s-" + _tag, AgentId = "a-" + _tag });
        // Random bytes do not compress: ~600 KB of base64 stays over 400 KB after Brotli.
        var incompressible = new JsonObject { ["blob"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(450 * 1024)) };

        var update = await Assert.ThrowsAsync<RecordTooLargeException>(() => store.UpdateSessionAsync(session with { Metadata = incompressible }));
        var append = await Assert.ThrowsAsync<RecordTooLargeException>(() =>
            store.AppendEventAsync(new Event { Id = "big-" + _tag, SessionId = session.Id, Type = "t", Payload = incompressible.DeepClone() }));

        Assert.Equal((nameof(Session), session.Id, "metadata"), (update.Entity, update.Key, update.Field));
        Assert.InRange(update.SizeBytes, 400 * 1024 + 1, 700 * 1024);
        Assert.Equal(400 * 1024, update.LimitBytes);
        Assert.Contains(session.Id, update.Message, StringComparison.Ordinal);
        Assert.Equal((nameof(Event), "big-" + _tag), (append.Entity, append.Key));
        var stored = await store.GetSessionAsync(session.Id);
        Assert.Equal(1, stored!.Version);
        Assert.Empty(stored.Metadata);
        Assert.Empty(await store.ListEventsAsync(session.Id));
        // The refused append took no number.
        Assert.Equal(1, (await store.AppendEventAsync(new Event { Id = "small-" + _tag, SessionId = session.Id, Type = "t" })).SeqNum);
    }

    [ServerFact(TestServers.Dynamo)]
    public async Task ASessionWhoseRecordsAreUnreadableCanStillBeDeleted()
    {
        await using var store = await OpenAsync();
        var agent = "agent-" + _tag;
        var session = await store.CreateSessionAsync(new Session { Id = "s-" + _tag, AgentId = agent, Metadata = new JsonObject { ["a"] = 1 } });
        var @event = await store.AppendEventAsync(new Event { Id = "e-" + _tag, SessionId = session.Id, Type = "t", Payload = new JsonObject { ["p"] = 1 } });
        var memory = await store.PutMemoryAsync(new MemoryRecord
        {
            Id = "m-" + _tag, AgentId = agent, SessionId = session.Id, Kind = MemoryKind.ShortTerm, Key = "k", Value = new JsonObject { ["v"] = 1 },
        });

        // Corrupt every record's JSON out of band, as another writer or a bad manual fix could.
        using var client = DynamoTestServer.RawClient();
        foreach (var (key, attribute) in new[]
                 {
                     (DynamoEntityStore<Session>.ItemKey(session.Id), "metadata"),
                     (DynamoEntityStore<Event>.ItemKey(@event.Id), "payload"),
                     (DynamoEntityStore<MemoryRecord>.ItemKey(memory.Id), "value"),
                 })
        {
            await client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = table.TableName,
                Key = key,
                UpdateExpression = "SET #f = :bad",
                ExpressionAttributeNames = new() { ["#f"] = attribute },
                ExpressionAttributeValues = new() { [":bad"] = new AttributeValue { S = "not-json{" } },
            });
        }
        await Assert.ThrowsAnyAsync<Exception>(() => store.GetSessionAsync(session.Id));
        await Assert.ThrowsAnyAsync<Exception>(() => store.ListEventsAsync(session.Id));

        await store.DeleteSessionAsync(session.Id);

        Assert.Null(await store.GetSessionAsync(session.Id));
        Assert.Empty(await store.ListEventsAsync(session.Id));
        Assert.Null(await store.GetMemoryAsync(agent, "k"));
        // No guard item was left behind: the (agent, key) and (session, seq) positions are free again.
        await store.PutMemoryAsync(memory with { Id = "m2-" + _tag });
        Assert.Equal("m2-" + _tag, (await store.GetMemoryAsync(agent, "k"))!.Id);
        Assert.Equal(1, (await store.AppendEventAsync(@event with { Id = "e2-" + _tag, SeqNum = 0 })).SeqNum);
    }

    [ServerFact(TestServers.Dynamo)]
    public async Task LargeCompressibleJsonIsStoredCompressedAndReadsBackExactly()
    {
        await using var store = await OpenAsync();
        var text = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"row {i}; "));
        var session = await store.CreateSessionAsync(new Session { Id = "s-" + _tag, AgentId = "a", Metadata = new JsonObject { ["text"] = text } });

        using var client = DynamoTestServer.RawClient();
        var raw = await client.GetItemAsync(new GetItemRequest
        {
            TableName = table.TableName,
            Key = DynamoEntityStore<Session>.ItemKey(session.Id),
            ConsistentRead = true,
        });

        Assert.NotNull(raw.Item["metadata"].B);
        Assert.True(raw.Item["metadata"].B.Length < text.Length / 4, $"compressed to {raw.Item["metadata"].B.Length} bytes");
        Assert.Equal(text, (string?)(await store.GetSessionAsync(session.Id))!.Metadata["text"]);
        Assert.Equal(session.Id, raw.Item["id"].S);
        Assert.Equal(StorageTime.ToUnixMicroseconds(session.CreatedAt).ToString(System.Globalization.CultureInfo.InvariantCulture), raw.Item["created_at"].N);
    }

    [ServerFact(TestServers.Dynamo)]
    public async Task ConcurrentAppendsFromTwoStoresLikeTwoProcessesNumberOneToN()
    {
        // Two stores do not share the in-process turn-taking, so their transactions really collide and retry.
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();
        var session = "s-" + _tag;
        const int perWriter = 40;
        var writers = new[] { first, second, first, second };

        var results = await Task.WhenAll(writers.Select((store, w) => Task.Run(async () =>
        {
            var mine = new List<long>();
            for (var i = 0; i < perWriter; i++)
            {
                mine.Add((await store.AppendEventAsync(new Event { Id = $"w{w}-{i}-{_tag}", SessionId = session, Type = "t" })).SeqNum);
            }
            return mine;
        })));

        var total = writers.Length * perWriter;
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), results.SelectMany(r => r).Order());
        Assert.All(results, r => Assert.Equal(r.Order(), r));
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), (await first.ListEventsAsync(session)).Select(e => e.SeqNum));
    }

    [ServerFact(TestServers.Dynamo)]
    public async Task AppendSkipsNumbersTakenThroughTheGenericStore()
    {
        await using var store = await OpenAsync();
        var session = "s-" + _tag;
        await store.Entities<Event>().InsertAsync(new Event { Id = "manual-" + _tag, SessionId = session, SeqNum = 1, Type = "t" });

        var appended = await store.AppendEventAsync(new Event { Id = "auto-" + _tag, SessionId = session, Type = "t" });

        Assert.Equal(2, appended.SeqNum);
        Assert.Equal([1L, 2L], (await store.ListEventsAsync(session)).Select(e => e.SeqNum));
    }

    [ServerFact(TestServers.Dynamo)]
    public async Task MigrateCreatesTheTableWithItsIndexesAndRefusesANewerRecordedVersion()
    {
        var name = DynamoTestServer.NewTableName("mig");
        try
        {
            await using (var store = new DynamoStorage(DynamoTestServer.Options(name)))
            {
                await Task.WhenAll(store.MigrateAsync(), store.MigrateAsync());
                await store.MigrateAsync();
            }
            using var client = DynamoTestServer.RawClient();
            var described = (await client.DescribeTableAsync(name)).Table;
            Assert.Equal("ACTIVE", described.TableStatus.Value);
            Assert.Equal(["gsi1", "gsi2", "gsi3"], described.GlobalSecondaryIndexes.Select(g => g.IndexName).Order());
            Assert.Equal("PAY_PER_REQUEST", described.BillingModeSummary?.BillingMode?.Value ?? "PAY_PER_REQUEST");
            var version = await client.GetItemAsync(new GetItemRequest { TableName = name, Key = SchemaItemKey("sessions"), ConsistentRead = true });
            Assert.Equal("1", version.Item["version"].N);

            version.Item["version"] = new AttributeValue { N = "99" };
            await client.PutItemAsync(new PutItemRequest { TableName = name, Item = version.Item });
            await using var newer = new DynamoStorage(DynamoTestServer.Options(name));
            var error = await Assert.ThrowsAsync<SchemaVersionException>(() => newer.MigrateAsync());
            Assert.Equal((nameof(Session), 99, 1), (error.Entity, error.StoredVersion, error.CodeVersion));
        }
        finally
        {
            await DynamoTestServer.DeleteTableAsync(name);
        }
    }

    [ServerFact(TestServers.Dynamo)]
    public async Task AMissingTableIsAConfigurationErrorNamingIt()
    {
        await using var store = new DynamoStorage(DynamoTestServer.Options("chronos-never-created-" + _tag));

        var error = await Assert.ThrowsAsync<StorageConfigurationException>(() => store.GetSessionAsync("x"));

        Assert.Contains("chronos-never-created-" + _tag, error.Message, StringComparison.Ordinal);
        Assert.Contains("MigrateAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableServerIsTransient()
    {
        await using var store = new DynamoStorage(new DynamoStorageOptions
        {
            Region = "us-east-1",
            TableName = "unreachable",
            Endpoint = new Uri("http://127.0.0.1:9"),
            Credentials = DynamoTestServer.Credentials,
        });

        var error = await Assert.ThrowsAsync<TransientStorageException>(() => store.GetSessionAsync("x"));

        Assert.Equal(("dynamodb", "Get"), (error.Backend, error.Operation));
    }

    private static Dictionary<string, AttributeValue> SchemaItemKey(string storage) => new()
    {
        [DynamoLayout.PartitionKeyAttribute] = new AttributeValue { S = SortKeyEncoding.Encode("_schema") },
        [DynamoLayout.SortKeyAttribute] = new AttributeValue { S = SortKeyEncoding.Encode(storage) },
    };
}
