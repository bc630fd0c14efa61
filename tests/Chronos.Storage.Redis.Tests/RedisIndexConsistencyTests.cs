using Chronos.Storage.Conformance;
using System.Text.Json.Nodes;
using StackExchange.Redis;

namespace Chronos.Storage.Redis.Tests;

/// <summary>After updates and deletes, no sorted set holds a member whose record is gone or says otherwise.</summary>
public sealed class RedisIndexConsistencyTests() : RedisStoreTest("idx")
{
    private static readonly DateTime T0 = new(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [ServerFact(TestServers.Redis)]
    public async Task UpdatesAndDeletesLeaveEveryIndexExact()
    {
        var s1 = await Store.CreateSessionAsync(new Session { Id = "s1", AgentId = "agent-a", CreatedAt = T0 });
        await Store.CreateSessionAsync(new Session { Id = "s2", AgentId = "agent-a", CreatedAt = T0.AddSeconds(1) });
        // Update moves s1 to another agent (another partition, another index set).
        await Store.UpdateSessionAsync(s1 with { AgentId = "agent-b", Status = "ended" });
        await Store.PutMemoryAsync(new MemoryRecord { Id = "m1", AgentId = "agent-a", SessionId = "s2", Kind = MemoryKind.ShortTerm, Key = "k1", CreatedAt = T0 });
        await Store.PutMemoryAsync(new MemoryRecord { Id = "m1", AgentId = "agent-a", SessionId = "s2", Kind = MemoryKind.LongTerm, Key = "k2", CreatedAt = T0.AddSeconds(5) });
        await Store.PutMemoryAsync(new MemoryRecord { Id = "m2", AgentId = "agent-a", SessionId = "s2", Kind = MemoryKind.ShortTerm, Key = "k1", CreatedAt = T0 });
        await Store.DeleteMemoryAsync("m2");
        await Store.SaveCheckpointAsync(new Checkpoint { Id = "c1", SessionId = "s2", SeqNum = 1, State = new JsonObject(), CreatedAt = T0 });
        await Store.SaveCheckpointAsync(new Checkpoint { Id = "c1", SessionId = "s2", SeqNum = 7, State = new JsonObject(), CreatedAt = T0 });
        await Store.AppendEventAsync(new Event { Id = "e1", SessionId = "s2", Type = "t" });
        await Store.AppendEventAsync(new Event { Id = "e2", SessionId = "s1", Type = "t" });
        await Store.DeleteSessionAsync("s1");

        Assert.Equal(["s2"], (await Store.ListSessionsAsync("agent-a", 10)).Select(s => s.Id));
        Assert.Empty(await Store.ListSessionsAsync("agent-b", 10));
        Assert.Equal(7, (await Store.GetLatestCheckpointAsync("s2"))!.SeqNum);
        Assert.Equal("k2", (await Store.GetMemoryAsync("agent-a", "k2"))!.Key);
        Assert.Null(await Store.GetMemoryAsync("agent-a", "k1"));

        await AssertEverySetMemberIsCurrent();
        // Exactly one member per live record and index: 1 session + 3 memory indexes + 1 checkpoint + 1 event.
        Assert.Equal(6, await CountMembers());
    }

    /// <summary>Every member of every sorted set under the prefix names a record whose entry field points back at it.</summary>
    private async Task AssertEverySetMemberIsCurrent()
    {
        var db = RedisTestServer.Single.Database;
        foreach (var key in RedisTestServer.Single.Keys(Prefix))
        {
            if (await db.KeyTypeAsync(key) != RedisType.SortedSet) continue;
            foreach (var member in await db.SortedSetRangeByValueAsync(key))
            {
                var entry = RedisEntityStore<Session>.EntryText(key, (string)member!);
                var holders = 0;
                foreach (var record in RedisTestServer.Single.Keys(Prefix))
                {
                    if (await db.KeyTypeAsync(record) != RedisType.Hash) continue;
                    foreach (var field in await db.HashGetAllAsync(record))
                    {
                        if (((string)field.Name!).StartsWith(RedisLayout.IndexEntryFieldPrefix, StringComparison.Ordinal) && field.Value == entry) holders++;
                    }
                }
                Assert.True(holders == 1, $"{key} member '{member}' is held by {holders} record(s)");
            }
        }
    }

    private async Task<long> CountMembers()
    {
        long count = 0;
        foreach (var key in RedisTestServer.Single.Keys(Prefix))
        {
            if (await RedisTestServer.Single.Database.KeyTypeAsync(key) == RedisType.SortedSet) count += await RedisTestServer.Single.Database.SortedSetLengthAsync(key);
        }
        return count;
    }

    [ServerFact(TestServers.Redis)]
    public async Task AStaleEntryLeftByAnInterruptedWriterIsNeverListedAndIsRepaired()
    {
        await Store.CreateSessionAsync(new Session { Id = "s1", AgentId = "agent-a", CreatedAt = T0 });
        var set = Prefix + "sessions:by_agent:{agent-a}";
        // As if a writer stopped after adding an entry for a record it never wrote.
        await RedisTestServer.Single.Database.SortedSetAddAsync(set, Chronos.Storage.Providers.SortKeyEncoding.Encode(1L) + "ghost", 0);
        Assert.Equal(["s1"], (await Store.ListSessionsAsync("agent-a", 10)).Select(s => s.Id));
        Assert.Equal(1, await RedisTestServer.Single.Database.SortedSetLengthAsync(set));
    }
}
