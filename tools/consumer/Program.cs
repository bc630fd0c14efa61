// The package consumer (issue 14 §2), built by tools/consumer-check.sh OUTSIDE the repository from the packed feed
// only. Usage: Consumer <chronos.yaml> <agent-id>
// Opens the agent's store through chronos.yaml (the backend table comes from the packaged generator), round-trips the
// app's own entity and every built-in entity, serializes a session and its events through the packaged JSON type
// infos and its own notes through the resolver generated for it, and prints one summary line. Any mismatch exits non-zero with what differed.
using System.Text.Json.Nodes;
using Chronos.Storage;
using Chronos.Storage.Configuration;
using Chronos.Storage.Extensions.DependencyInjection;
using Chronos.Storage.Json;
using Chronos.Storage.Schema;
using Consumer;
using Microsoft.Extensions.DependencyInjection;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Consumer <chronos.yaml> <agent-id>");
    return 2;
}
var (yaml, agent) = (args[0], args[1]);
var run = Guid.NewGuid().ToString("N")[..12];
var checks = 0;

// The DI extension registers one keyed store per agent (resolution needs a container package the app may choose).
var services = new ServiceCollection().AddChronosStorage(yaml);
Check(services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, agent) || d.ServiceType.Name.Contains("Storage")), "AddChronosStorage registered nothing");

await using var storage = await ChronosConfig.Load(yaml).OpenStorageAsync(agent);
await storage.MigrateAsync();

// The app's own entity.
var notes = storage.Entities<Note>();
await notes.EnsureSchemaAsync();
var note = new Note { Id = $"n-{run}", Owner = $"o-{run}", Text = "héllo ✓", Tags = new JsonObject { ["k"] = 1 }, WrittenAt = At() };
await notes.UpsertAsync(note);
Same(note, await notes.GetAsync(note.Id));
var owned = await notes.ListAsync(new IndexQuery(NoteIndexes.ByOwner, note.Owner));
Check(owned.Count == 1, $"ListAsync(by_owner) returned {owned.Count} notes");
Same(note, owned[0]);
Check(StorageName<Note>() == "consumer_notes", "Note storage name");

// Every built-in entity.
var session = await storage.CreateSessionAsync(new Session { Id = $"s-{run}", AgentId = agent, UserId = "u", Metadata = new JsonObject { ["a"] = "b" } });
Same(session, await storage.GetSessionAsync(session.Id));
var memory = await storage.PutMemoryAsync(new MemoryRecord { Id = $"m-{run}", SessionId = session.Id, AgentId = agent, Kind = MemoryKind.LongTerm, Key = $"k-{run}", Value = JsonValue.Create(42) });
Same(memory, await storage.GetMemoryAsync(agent, memory.Key));
var log = await storage.InsertAuditLogAsync(new AuditLog { Id = $"l-{run}", SessionId = session.Id, AgentId = agent, Action = "consumer.check", Detail = new JsonObject { ["ok"] = true } });
Same(log, (await storage.ListAuditLogsAsync(agent, 100)).Single(l => l.Id == log.Id));
var trace = await storage.InsertTraceAsync(new Trace { Id = $"t-{run}", SessionId = session.Id, Name = "step", Input = new JsonArray(1, 2), StartedAt = At(), EndedAt = At() });
Same(trace, (await storage.ListTracesAsync(session.Id)).Single());
var first = await storage.AppendEventAsync(new Event { Id = $"e1-{run}", SessionId = session.Id, Type = EventType.ChatMessage, Payload = new JsonObject { ["text"] = "hi" } });
var second = await storage.AppendEventAsync(new Event { Id = $"e2-{run}", SessionId = session.Id, Type = EventType.NodeExecuted });
var events = await storage.ListEventsAsync(session.Id);
Check(events.Count == 2 && events[0].SeqNum < events[1].SeqNum, "ListEvents order");
Same(first, events[0]);
Same(second, events[1]);
var checkpoint = await storage.SaveCheckpointAsync(new Checkpoint { Id = $"c-{run}", SessionId = session.Id, RunId = "r", NodeId = "n", State = new JsonObject { ["turn"] = 1 }, SeqNum = second.SeqNum });
Same(checkpoint, await storage.GetCheckpointAsync(checkpoint.Id));
Same(checkpoint, await storage.GetLatestCheckpointAsync(session.Id));

// JSON for the application: the packaged, reflection-free type infos (NativeAOT-safe).
var sessionJson = System.Text.Json.JsonSerializer.Serialize(session, SessionJson.TypeInfo);
Check(sessionJson.Contains("\"agent_id\""), $"session JSON uses storage names: {sessionJson}");
var eventsJson = new JsonArray([.. events.Select(e => JsonNode.Parse(EntityJson.Serialize(e)))]).ToJsonString();
Check(eventsJson.Contains("\"seq_num\""), $"events JSON uses storage names: {eventsJson}");
// ...and through ChronosJsonResolver in the application's own options, as ASP.NET Core's would be configured.
var options = new System.Text.Json.JsonSerializerOptions { TypeInfoResolverChain = { ChronosJsonResolver.Instance } };
var listInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<IReadOnlyList<Event>>)options.GetTypeInfo(typeof(IReadOnlyList<Event>));
Check(System.Text.Json.JsonSerializer.Serialize(events, listInfo) == eventsJson, "events through the resolver chain differ");
var sessionInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Session>)options.GetTypeInfo(typeof(Session));
Check(System.Text.Json.JsonSerializer.Serialize(session, sessionInfo) == sessionJson, "session through the resolver chain differs");
// ...and through the resolver the packaged generator wrote for this app (Consumer.ChronosEntitiesJsonResolver): its
// own entity and lists of it, read and written with no reflection and no hand-built type info; built-ins chained.
var appOptions = new System.Text.Json.JsonSerializerOptions { TypeInfoResolverChain = { ChronosEntitiesJsonResolver.Default } };
var noteListInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<Note>>)appOptions.GetTypeInfo(typeof(List<Note>));
var notesJson = System.Text.Json.JsonSerializer.Serialize(owned.ToList(), noteListInfo);
Check(notesJson == $"[{EntityJson.Serialize(note)}]", $"notes through the generated resolver: {notesJson}");
var notesBack = System.Text.Json.JsonSerializer.Deserialize(notesJson, noteListInfo);
Check(notesBack is { Count: 1 }, $"notes read back through the generated resolver: {notesBack?.Count}");
Same(note, notesBack![0]);
var noteInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Note>)appOptions.GetTypeInfo(typeof(Note));
Same(note, System.Text.Json.JsonSerializer.Deserialize(System.Text.Json.JsonSerializer.Serialize(note, noteInfo), noteInfo));
var chainedSession = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Session>)appOptions.GetTypeInfo(typeof(Session));
Check(System.Text.Json.JsonSerializer.Serialize(session, chainedSession) == sessionJson, "session through the generated resolver differs");

await storage.DeleteSessionAsync(session.Id);
await notes.DeleteAsync(note.Id);
Console.WriteLine($"consumer: {checks} checks passed on {storage.GetType().Name} ({agent})");
return 0;

static string StorageName<T>() where T : IStorageEntity<T> => T.Schema.StorageName;
static DateTime At() => new(2026, 12, 6, 22, 40, 1, 123, 456, DateTimeKind.Utc);

void Same<T>(T expected, T? actual) where T : class, IStorageEntity<T>
{
    Check(actual is not null, $"{typeof(T).Name} '{T.GetKey(expected)}' was not read back");
    var (want, got) = (EntityJson.Serialize(expected), EntityJson.Serialize(actual!));
    Check(want == got, $"{typeof(T).Name} round trip differs:\n  wrote {want}\n  read  {got}");
}

void Check(bool condition, string message)
{
    checks++;
    if (!condition)
    {
        Console.Error.WriteLine($"consumer: FAILED: {message}");
        Environment.Exit(1);
    }
}
