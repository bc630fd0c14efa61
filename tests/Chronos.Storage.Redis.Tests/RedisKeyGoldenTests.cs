using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;

namespace Chronos.Storage.Redis.Tests;

/// <summary>The exact keys one session with events, checkpoints, memory, traces and audit logs produces (Golden/session-keys.txt).</summary>
public sealed class RedisKeyGoldenTests
{
    private static readonly DateTime T0 = new(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [ServerFact(TestServers.Redis)]
    public async Task OneSessionProducesExactlyTheseKeys()
    {
        var prefix = RedisTestServer.NewPrefix("gold");
        await using var store = RedisTestServer.Single.Open(prefix);
        try
        {
            await store.MigrateAsync();
            await store.CreateSessionAsync(new Session { Id = "sess-1", AgentId = "agent-1", CreatedAt = T0 });
            await store.AppendEventAsync(new Event { Id = "evt-1", SessionId = "sess-1", Type = EventType.ChatMessage, CreatedAt = T0 });
            await store.AppendEventAsync(new Event { Id = "evt-2", SessionId = "sess-1", Type = EventType.ChatMessage, CreatedAt = T0 });
            await store.SaveCheckpointAsync(new Checkpoint { Id = "ckpt-1", SessionId = "sess-1", RunId = "run-1", NodeId = "n", SeqNum = 2, State = new JsonObject(), CreatedAt = T0 });
            await store.PutMemoryAsync(new MemoryRecord { Id = "mem-1", AgentId = "agent-1", SessionId = "sess-1", Kind = MemoryKind.ShortTerm, Key = "topic", CreatedAt = T0 });
            await store.PutMemoryAsync(new MemoryRecord { Id = "mem-2", AgentId = "agent-1", Kind = MemoryKind.LongTerm, Key = "name:first", CreatedAt = T0 });
            await store.InsertTraceAsync(new Trace { Id = "span-1", SessionId = "sess-1", Name = "llm", StartedAt = T0 });
            await store.InsertAuditLogAsync(new AuditLog { Id = "audit-1", AgentId = "agent-1", SessionId = "sess-1", Action = "create", CreatedAt = T0 });

            var lines = new List<string>();
            foreach (var key in RedisTestServer.Single.Keys(prefix))
            {
                var type = await RedisTestServer.Single.Database.KeyTypeAsync(key);
                lines.Add($"{type.ToString().ToLowerInvariant(),-10} {key[prefix.Length..]}");
            }
            AssertGolden("session-keys.txt", string.Join("\n", lines) + "\n");

            await store.DeleteSessionAsync("sess-1");
            var left = RedisTestServer.Single.Keys(prefix).Select(k => k[prefix.Length..]).ToList();
            // Session-scoped keys are gone; the agent's audit log (also listed by session) and long-term memory stay.
            Assert.Equal(
                ["_schema", "audit_logs:by_agent:{agent-1}", "audit_logs:by_session:{sess-1}", "audit_logs:id:{audit-1}", "audit_logs:{agent-1}:audit-1",
                 "memory:by_agent_key:{agent-1}:name%3Afirst", "memory:by_agent_kind:{agent-1}:long_term", "memory:by_session_kind:{}:long_term",
                 "memory:id:{mem-2}", "memory:{agent-1}:mem-2"],
                left);
        }
        finally
        {
            await RedisTestServer.Single.DropAsync(prefix);
        }
    }

    private static void AssertGolden(string name, string actual)
    {
        var source = Path.Combine(SourceDirectory(), "Golden", name);
        if (Environment.GetEnvironmentVariable("CHRONOS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(source, actual);
        }
        Assert.True(File.Exists(source), $"missing golden file {source}; run with CHRONOS_UPDATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(source), actual);
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
