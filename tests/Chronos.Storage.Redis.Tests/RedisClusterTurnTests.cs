using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// Atomic turns on a real three-primary Redis Cluster: the cluster layout puts every record of a turn in its session's
/// slot (so the turn is one script, which the cluster would refuse otherwise), the locators and cross-slot index entries
/// written around it are never visible as part of a turn, and a store written in the single-node layout is moved by
/// <c>MigrateAsync</c>. The conformance suite (<see cref="RedisClusterConformanceTests"/>) covers the turn's rules.
/// </summary>
public sealed class RedisClusterTurnTests
{
    private static RedisTestServer Cluster => RedisTestServer.Cluster;

    [ServerFact(TestServers.RedisCluster)]
    public async Task EveryRecordOfATurnIsInTheSessionsSlot()
    {
        await OnMigratedStoreAsync("cturn", async (store, prefix) =>
        {
            var session = await store.CreateSessionAsync(new Session { Id = "s1", AgentId = "agent-1" });
            await store.CommitTurnAsync(TurnFaultWorkload.NextTurn(session));

            var keys = Cluster.Keys(prefix);
            string[] records = [$"{prefix}sessions:{{s1}}", $"{prefix}events:{{s1}}:s1-t1-e1", $"{prefix}checkpoints:{{s1}}:s1-t1-cp", $"{prefix}audit_logs:{{s1}}:s1-t1-audit"];
            foreach (var record in records) Assert.Contains(record, keys);
            Assert.Single(records.Select(k => Cluster.Connection.HashSlot(k)).Distinct());
            // The single-node layout's session key (in the agent's slot) and its locator are not used on a cluster.
            Assert.DoesNotContain(keys, k => k.StartsWith($"{prefix}sessions:{{agent-1}}", StringComparison.Ordinal) || k.StartsWith($"{prefix}sessions:id:", StringComparison.Ordinal));
        });
    }

    [ServerFact(TestServers.RedisCluster)]
    public async Task ReadersNeverSeePartOfATurnWhileTurnsCommit()
    {
        await OnMigratedStoreAsync("cpart", async (store, prefix) =>
        {
            var session = await store.CreateSessionAsync(new Session { Id = "s", AgentId = "agent-p" });
            using var done = new CancellationTokenSource();
            var reader = Task.Run(async () =>
            {
                var checks = 0;
                while (!done.IsCancellationRequested || checks == 0)
                {
                    // Parts read before the session may only lag it (never run ahead of the committed turns)...
                    var auditsBefore = (await store.ListAuditLogsAsync("agent-p", 1000)).Count;
                    var eventsBefore = (await store.ListEventsAsync("s")).Count;
                    var turns = (await store.GetSessionAsync("s"))!.Version - 1;
                    Assert.InRange(auditsBefore, 0, turns);
                    Assert.InRange(eventsBefore, 0, turns * TurnFaultWorkload.EventsPerTurn);
                    // ...and parts read after it may only lead it (every part of a committed turn is there).
                    Assert.InRange((await store.ListAuditLogsAsync("agent-p", 1000)).Count, turns, long.MaxValue);
                    Assert.InRange((await store.ListSessionAuditLogsAsync("s", 1000)).Count, turns, long.MaxValue);
                    Assert.InRange((await store.ListEventsAsync("s")).Count, turns * TurnFaultWorkload.EventsPerTurn, long.MaxValue);
                    checks++;
                }
                return checks;
            });
            for (var i = 0; i < 40; i++) session = (await store.CommitTurnAsync(TurnFaultWorkload.NextTurn(session))).Session;
            await done.CancelAsync();
            Assert.True(await reader > 0);
            Assert.Equal(40, await TurnFaultWorkload.AssertWholeTurnsAsync(store, "s"));
            Assert.Equal(40, (await store.ListAuditLogsAsync("agent-p", 1000)).Count);
        });
    }

    [ServerFact(TestServers.RedisCluster)]
    public async Task ARefusedTurnLeavesNoLocatorOrIndexEntryBehind()
    {
        await OnMigratedStoreAsync("cundo", async (store, prefix) =>
        {
            var session = await store.CreateSessionAsync(new Session { Id = "s", AgentId = "agent-u" });
            await store.UpdateSessionAsync(session with { Metadata = new JsonObject { ["v"] = 2 } });
            var keysBefore = Cluster.Keys(prefix);

            var stale = TurnFaultWorkload.NextTurn(session); // built on version 1; the store is at 2
            await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitTurnAsync(stale));

            Assert.Equal(keysBefore, Cluster.Keys(prefix));
            Assert.Equal(0, await Cluster.Database.SortedSetLengthAsync($"{prefix}audit_logs:by_agent:{{agent-u}}"));
            // The refused turn's ids are free: the same event id is appended to another session.
            await store.CreateSessionAsync(new Session { Id = "other", AgentId = "agent-u" });
            var moved = await store.AppendEventAsync(stale.Events[0] with { SessionId = "other" });
            Assert.Equal(("other", 1L), (moved.SessionId, moved.SeqNum));
        });
    }

    [ServerFact(TestServers.RedisCluster)]
    public async Task ATurnMovesTheSessionToAnotherAgent()
    {
        await OnMigratedStoreAsync("cmove", async (store, prefix) =>
        {
            var session = await store.CreateSessionAsync(new Session { Id = "s", AgentId = "agent-a" });
            var turn = TurnFaultWorkload.NextTurn(session);
            var committed = await store.CommitTurnAsync(turn with { Session = turn.Session with { AgentId = "agent-b" } });

            Assert.Equal("agent-b", committed.Session.AgentId);
            Assert.Empty(await store.ListSessionsAsync("agent-a", 10));
            Assert.Equal(["s"], (await store.ListSessionsAsync("agent-b", 10)).Select(s => s.Id));
            Assert.Equal(0, await Cluster.Database.SortedSetLengthAsync($"{prefix}sessions:by_agent:{{agent-a}}"));
        });
    }

    [ServerFact(TestServers.RedisCluster)]
    public async Task ATurnWithAnAuditEntryOfAnotherSessionIsRefusedAndWritesNothing()
    {
        await OnMigratedStoreAsync("cslot", async (store, prefix) =>
        {
            var session = await store.CreateSessionAsync(new Session { Id = "s", AgentId = "agent-x" });
            var turn = TurnFaultWorkload.NextTurn(session);
            var keysBefore = Cluster.Keys(prefix);

            var refused = await Assert.ThrowsAsync<AtomicWriteNotSupportedException>(() => store.CommitTurnAsync(
                turn with { AuditLogs = [turn.AuditLogs[0] with { SessionId = "elsewhere" }] }));

            Assert.Equal("s", refused.Key);
            Assert.Equal(keysBefore, Cluster.Keys(prefix));
        });
    }

    [ServerFact(TestServers.RedisCluster)]
    public async Task AStoreWrittenInTheSingleNodeLayoutIsMovedByMigrateAndReadsBack()
    {
        var prefix = RedisTestServer.NewPrefix("cmig");
        try
        {
            // Written as code before the cluster layout did: sessions and audit logs in their agent's slot.
            await using (var old = RedisStorage.WithSingleNodeLayout(Cluster.Connection, RedisDsn.Parse(Cluster.Endpoint, prefix)))
            {
                await old.MigrateAsync();
                for (var i = 0; i < 6; i++)
                {
                    var agent = $"agent-{i % 2}";
                    await old.CreateSessionAsync(new Session { Id = $"s{i}", AgentId = agent, CreatedAt = At(i) });
                    await old.AppendEventsAsync($"s{i}", [new Event { Id = $"s{i}-e1", SessionId = "", Type = "t" }, new Event { Id = $"s{i}-e2", SessionId = "", Type = "t" }]);
                    await old.SaveCheckpointAsync(new Checkpoint { Id = $"s{i}-cp", SessionId = $"s{i}", SeqNum = 2, State = new JsonObject() });
                    await old.InsertAuditLogAsync(new AuditLog { Id = $"s{i}-a", AgentId = agent, SessionId = $"s{i}", Action = "act", CreatedAt = At(i) });
                }
                await old.InsertAuditLogAsync(new AuditLog { Id = "no-session", AgentId = "agent-0", Action = "act", CreatedAt = At(10) });
                Assert.Contains($"{prefix}sessions:{{agent-0}}:s0", Cluster.Keys(prefix));
            }

            await using var store = Cluster.Open(prefix);
            // A list before the migration finds the sessions missing at their new keys and drops their entries as
            // stale: the migration must list them again.
            Assert.Empty(await store.ListSessionsAsync("agent-0", 10));
            await store.MigrateAsync();
            await store.MigrateAsync(); // a second run finds nothing to move

            var keys = Cluster.Keys(prefix);
            Assert.DoesNotContain(keys, k => k.StartsWith($"{prefix}sessions:{{agent-", StringComparison.Ordinal)
                || k.StartsWith($"{prefix}sessions:id:", StringComparison.Ordinal) || k.StartsWith($"{prefix}audit_logs:{{agent-", StringComparison.Ordinal));
            Assert.Contains($"{prefix}sessions:{{s0}}", keys);
            Assert.Contains($"{prefix}audit_logs:{{s0}}:s0-a", keys);
            Assert.Equal(["s4", "s2", "s0"], (await store.ListSessionsAsync("agent-0", 10)).Select(s => s.Id));
            Assert.Equal(["s5", "s3", "s1"], (await store.ListSessionsAsync("agent-1", 10)).Select(s => s.Id));
            Assert.Equal(["no-session", "s4-a", "s2-a", "s0-a"], (await store.ListAuditLogsAsync("agent-0", 10)).Select(a => a.Id));
            for (var i = 0; i < 6; i++)
            {
                Assert.Equal($"agent-{i % 2}", (await store.GetSessionAsync($"s{i}"))!.AgentId);
                Assert.Equal([$"s{i}-e1", $"s{i}-e2"], (await store.ListEventsAsync($"s{i}")).Select(e => e.Id));
                Assert.Equal($"s{i}-cp", (await store.GetCheckpointAsync($"s{i}-cp"))!.Id);
                Assert.Equal([$"s{i}-a"], (await store.ListSessionAuditLogsAsync($"s{i}", 10)).Select(a => a.Id));
            }

            // The moved store commits turns and keeps its lists exact.
            var session = (await store.GetSessionAsync("s0"))!;
            var committed = await store.CommitTurnAsync(new TurnCommit
            {
                Session = session with { Metadata = new JsonObject { ["turn"] = 1 } },
                Events = [new Event { Id = "s0-e3", SessionId = "s0", Type = "t" }],
                ExpectedLastSeq = 2,
                AuditLogs = [new AuditLog { Id = "s0-turn", AgentId = "agent-0", SessionId = "s0", Action = "turn", CreatedAt = At(20) }],
            });
            Assert.Equal(3, committed.Events.Single().SeqNum);
            Assert.Equal(["s0-turn", "s0-a"], (await store.ListSessionAuditLogsAsync("s0", 10)).Select(a => a.Id));
            Assert.Equal(["s4", "s2", "s0"], (await store.ListSessionsAsync("agent-0", 10)).Select(s => s.Id));
            await store.DeleteSessionAsync("s2");
            Assert.Equal(["s4", "s0"], (await store.ListSessionsAsync("agent-0", 10)).Select(s => s.Id));
        }
        finally
        {
            await Cluster.DropAsync(prefix);
        }
    }

    /// <summary>Runs <paramref name="test"/> on a migrated cluster store under a fresh key prefix, whose keys are dropped afterwards.</summary>
    private static async Task OnMigratedStoreAsync(string owner, Func<RedisStorage, string, Task> test)
    {
        var prefix = RedisTestServer.NewPrefix(owner);
        try
        {
            await using var store = Cluster.Open(prefix);
            await store.MigrateAsync();
            await test(store, prefix);
        }
        finally
        {
            await Cluster.DropAsync(prefix);
        }
    }

    private static DateTime At(int minute) => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(minute);
}
