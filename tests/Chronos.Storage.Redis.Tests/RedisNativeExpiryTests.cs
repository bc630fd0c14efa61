using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Redis.Tests;

/// <summary>Native expiry on Redis: PEXPIREAT on the record hash and its locator, the server's clock decides.</summary>
public abstract class RedisNativeExpirySuite(RedisTestServer server) : NativeExpiryConformanceTests
{
    private readonly string _prefix = RedisTestServer.NewPrefix("ttl");

    protected override async Task<StorageEngine> CreateStoreAsync()
    {
        var store = server.Open(_prefix);
        await store.MigrateAsync();
        return store;
    }

    /// <summary>
    /// Records written already expired leave no key behind once each index they were in has been read: the hash and
    /// the locator expire (PEXPIREAT), the sorted-set entries are removed by the lists that meet them.
    /// </summary>
    [ConformanceFact]
    public async Task NoKeyOfAnExpiredRecordIsLeftOnceItsIndexesAreRead()
    {
        var old = DateTime.UtcNow.AddDays(-2);
        var (agent, session) = ("agent-" + Guid.NewGuid().ToString("N")[..8], "s-" + Guid.NewGuid().ToString("N")[..8]);
        await Store.PutMemoryAsync(new MemoryRecord
        {
            Id = "m1", AgentId = agent, SessionId = session, UserId = "u", Kind = MemoryKind.ShortTerm, Key = "k",
            Value = new JsonObject { ["v"] = 1 }, CreatedAt = old,
        });
        await Store.InsertAuditLogAsync(new AuditLog
        {
            Id = "a1", AgentId = agent, SessionId = session, Actor = "tool", Action = "read", Resource = "doc",
            Detail = new JsonObject { ["v"] = 1 }, CreatedAt = old,
        });
        await Store.SaveCheckpointAsync(new Checkpoint
        {
            Id = "c1", SessionId = session, RunId = "r", NodeId = "n", State = new JsonObject { ["v"] = 1 }, SeqNum = 1, CreatedAt = old,
        });

        Assert.Empty(await Store.ListMemoryAsync(agent, MemoryKind.ShortTerm));
        Assert.Null(await Store.GetMemoryAsync(agent, "k"));
        Assert.Empty(await Store.Entities<MemoryRecord>().ListAsync(new IndexQuery(MemoryRecordIndexes.BySessionKind, session, MemoryKind.ShortTerm)));
        Assert.Empty(await Store.ListAuditLogsAsync(agent, 10));
        Assert.Empty(await Store.ListSessionAuditLogsAsync(session, 10));
        Assert.Empty(await Store.ListCheckpointsAsync(session, 10));

        Assert.DoesNotContain(server.Keys(_prefix), key => !key.StartsWith(_prefix + "_schema", StringComparison.Ordinal));
    }

    /// <summary>
    /// A turn's checkpoint and audit entry expire like single writes: written already expired, they are not seen and
    /// leave no hash or locator (single node: inside the turn script; cluster: right after the commit).
    /// </summary>
    [ConformanceFact]
    public async Task ATurnsExpiredRecordsAreNotSeenAndLeaveNoLocator()
    {
        var old = DateTime.UtcNow.AddDays(-2);
        var session = await Store.CreateSessionAsync(new Session
        {
            Id = "s-turn", AgentId = "agent-turn", UserId = "u", Status = SessionStatus.Active, Metadata = new JsonObject { ["v"] = 1 },
        });
        await Store.CommitTurnAsync(new TurnCommit
        {
            Session = session,
            Checkpoint = new Checkpoint { Id = "c-turn", SessionId = session.Id, RunId = "r", NodeId = "n", State = new JsonObject { ["v"] = 1 }, SeqNum = 0, CreatedAt = old },
            AuditLogs = [new AuditLog { Id = "a-turn", AgentId = session.AgentId, SessionId = session.Id, Actor = "tool", Action = "read", Resource = "doc", Detail = new JsonObject { ["v"] = 1 }, CreatedAt = old }],
        });

        Assert.Null(await Store.GetCheckpointAsync("c-turn"));
        Assert.Empty(await Store.ListSessionAuditLogsAsync(session.Id, 10));
        Assert.Empty(await Store.ListAuditLogsAsync(session.AgentId, 10));
        Assert.DoesNotContain(server.Keys(_prefix), key => key.Contains("c-turn", StringComparison.Ordinal) || key.Contains("a-turn", StringComparison.Ordinal));
        Assert.NotNull(await Store.GetSessionAsync(session.Id));
    }

    /// <summary>
    /// Entries of gone records before an offset do not count: a page at offset K starts after K live records, so paging
    /// with offsets never skips a live one (the records here are removed as expiry removes them: hash and locator gone,
    /// sorted-set entries left until a read meets them).
    /// </summary>
    [ConformanceFact]
    public async Task AnOffsetPageCountsOnlyLiveRecordsBeforeItsOffset()
    {
        var (agent, session) = ("agent-" + Guid.NewGuid().ToString("N")[..8], "s-" + Guid.NewGuid().ToString("N")[..8]);
        var start = DateTime.UtcNow.AddMinutes(-30); // well inside the suite's audit-log retention
        for (var i = 1; i <= 8; i++)
        {
            await Store.InsertAuditLogAsync(new AuditLog { Id = $"log-{i}", AgentId = agent, SessionId = session, Action = "act", CreatedAt = start.AddMinutes(i) });
        }
        // The three newest (first in the list, before the offset) are gone: newest first, the live list is 5, 4, 3, 2, 1.
        foreach (var gone in new[] { "log-8", "log-7", "log-6" })
        {
            foreach (var key in server.Keys(_prefix).Where(k => k.EndsWith("{" + gone + "}", StringComparison.Ordinal) || k.EndsWith(":" + gone, StringComparison.Ordinal)))
            {
                await server.Database.KeyDeleteAsync(key);
            }
        }

        Assert.Equal(["log-3", "log-2"], (await Store.ListSessionAuditLogsAsync(session, 2, offset: 2)).Select(a => a.Id));
        Assert.Equal(["log-1"], (await Store.ListSessionAuditLogsAsync(session, 2, offset: 4)).Select(a => a.Id));
        Assert.Empty(await Store.ListSessionAuditLogsAsync(session, 2, offset: 5));
        Assert.Equal(["log-5", "log-4"], (await Store.ListSessionAuditLogsAsync(session, 2)).Select(a => a.Id));
    }

    protected override async ValueTask DisposeStoreAsync(StorageEngine store)
    {
        await store.DisposeAsync();
        await server.DropAsync(_prefix);
    }
}

/// <summary>On the single Redis server.</summary>
[RequiresTestServer(TestServers.Redis)]
public sealed class RedisNativeExpiryTests() : RedisNativeExpirySuite(RedisTestServer.Single);

/// <summary>On the Redis cluster.</summary>
[RequiresTestServer(TestServers.RedisCluster)]
public sealed class RedisClusterNativeExpiryTests() : RedisNativeExpirySuite(RedisTestServer.Cluster);
