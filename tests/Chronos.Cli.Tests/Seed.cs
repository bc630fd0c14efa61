using System.Text.Json.Nodes;
using Chronos.Storage;
using Chronos.Storage.Sqlite;

namespace Chronos.Cli.Tests;

/// <summary>Agent state written through the library, for the tool to read.</summary>
internal static class Seed
{
    public static async Task SqliteAsync(string path, string agentId, int sessions, int eventsPerSession)
    {
        await using var storage = await SqliteStorage.OpenAsync(path);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var s = 0; s < sessions; s++)
        {
            var id = $"s{s:D2}";
            await storage.CreateSessionAsync(new Session { Id = id, AgentId = agentId, UserId = "u", CreatedAt = start.AddMinutes(s), Metadata = new JsonObject { ["n"] = s } });
            for (var e = 1; e <= eventsPerSession; e++)
            {
                await storage.AppendEventAsync(new Event
                {
                    Id = $"{id}-e{e:D6}", SessionId = id, Type = EventType.ChatMessage, CreatedAt = start.AddSeconds(e),
                    Payload = new JsonObject { ["text"] = $"message {e} of {id}", ["i"] = e },
                });
            }
            await storage.SaveCheckpointAsync(new Checkpoint { Id = $"{id}-cp", SessionId = id, SeqNum = eventsPerSession, State = new JsonObject { ["step"] = eventsPerSession } });
            await storage.InsertTraceAsync(new Trace { Id = $"{id}-t1", SessionId = id, Name = "run", StartedAt = start, EndedAt = start.AddSeconds(2) });
            await storage.InsertTraceAsync(new Trace { Id = $"{id}-t2", SessionId = id, ParentId = $"{id}-t1", Name = "tool", StartedAt = start.AddSeconds(1), EndedAt = start.AddSeconds(2) });
            await storage.InsertAuditLogAsync(new AuditLog { Id = $"{id}-a", AgentId = agentId, SessionId = id, Actor = "u", Action = "start", Resource = id });
        }
        await storage.PutMemoryAsync(new MemoryRecord { Id = "m1", AgentId = agentId, Key = "name", Kind = MemoryKind.LongTerm, Value = JsonValue.Create("Ada") });
    }
}
