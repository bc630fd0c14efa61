// The agent-stack package consumer (issue 18), built by tools/consumer-check.sh OUTSIDE the repository from the packed
// feed only (Chronos.Agents, Chronos.VectorData, Chronos.Storage.Sqlite, the DI extension), and published NativeAOT.
// Usage: AgentsConsumer <chronos.yaml> <agent-id> first|second
//   first   no stored session: a new conversation, one turn, saved
//   second  the session and its chat history come back from the SQLite file; one more turn sees the first one
// Both runs then prove a stale session save is a typed conflict, and run an MEVD collection with a generated record
// mapping (upsert, vector search, filtered search, filtered get) on the embedded SQLite vector store.
// Prints one summary line; any mismatch exits non-zero with what differed.
using AgentsConsumer;
using Chronos.Agents;
using Chronos.Storage;
using Chronos.Storage.Vectors;
using Chronos.VectorData;
using Microsoft.Agents.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;

if (args.Length != 3 || args[2] is not ("first" or "second"))
{
    Console.Error.WriteLine("usage: AgentsConsumer <chronos.yaml> <agent-id> first|second");
    return 2;
}
var (yaml, agentId, second) = (args[0], args[1], args[2] == "second");
var checks = 0;

// ---- MAF stores from DI, on the agent's keyed IStorage (SQLite from chronos.yaml) ----
await using var provider = new ServiceCollection()
    .AddChronosStorage(yaml)
    .AddChronosAgentStores(agentId, o => o.Sessions.RequiredPartitions = ["user"])
    .BuildServiceProvider();
var history = provider.GetRequiredKeyedService<ChronosChatHistoryProvider>(agentId);
var sessions = provider.GetRequiredKeyedService<AgentSessionStore>(agentId);
var storage = provider.GetRequiredKeyedService<IStorage>(agentId);
AIAgent agent = new ChatClientAgent(new RecallChatClient(), new ChatClientAgentOptions { Id = agentId, ChatHistoryProvider = history });
var key = new AgentSessionStoreKey("consumer-conversation").WithPartition("user", "ada");

var session = await sessions.GetSessionAsync(agent, key);
if (!second)
{
    Check(session is null, "first run: a session is already stored (the database was not fresh)");
    session = await agent.CreateSessionAsync();
    var reply = await agent.RunAsync("My name is Ada.", session);
    Check(reply.Text == "sent 1; first: My name is Ada.", $"first turn reply: {reply.Text}");
    await sessions.SaveSessionAsync(agent, key, session);
}
else
{
    Check(session is not null, "second run: the session saved by the first run is not stored");
    var restored = await history.GetMessagesAsync(session!);
    Check(restored.Count == 2 && restored[0].Text == "My name is Ada." && restored[1].Text == "sent 1; first: My name is Ada.",
        $"second run: restored history is [{string.Join(" | ", restored.Select(m => $"{m.Role}: {m.Text}"))}]");
    var reply = await agent.RunAsync("What is my name?", session!);
    // The client was sent the two restored messages and the new question.
    Check(reply.Text == "sent 3; first: My name is Ada.", $"second turn reply: {reply.Text}");
    await sessions.SaveSessionAsync(agent, key, session!);
    Check((await storage.ListEventsAsync(history.GetConversationId(session!))).Count == 4, "the ledger does not hold 4 messages after two runs");
}

// A stale save: two copies read at the same version; the second save must be a typed conflict that changes nothing.
var copyA = (await sessions.GetSessionAsync(agent, key))!;
var copyB = (await sessions.GetSessionAsync(agent, key))!;
Check(!ReferenceEquals(copyA, copyB), "GetSessionAsync returned the same instance twice");
await sessions.SaveSessionAsync(agent, key, copyA);
try
{
    await sessions.SaveSessionAsync(agent, key, copyB);
    Check(false, "a stale session save succeeded");
}
catch (ConcurrencyConflictException conflict)
{
    Check(conflict.Message.Contains("Session"), $"conflict message does not name the entity: {conflict.Message}");
}
var chronosStore = (ChronosAgentSessionStore)sessions;
var after = (await sessions.GetSessionAsync(agent, key))!;
Check(chronosStore.GetVersion(after) == chronosStore.GetVersion(copyA), $"the conflicting save changed the stored version ({chronosStore.GetVersion(after)} != {chronosStore.GetVersion(copyA)})");

// ---- MEVD: a collection of Doc over the embedded SQLite vector store, mapped by generated code ----
var vectors = provider.GetRequiredKeyedService<IVectorStore>(agentId);
var docs = new ChronosVectorStore(vectors).GetCollection("consumer_docs", DocVectorRecordMapping.Instance);
await docs.EnsureCollectionDeletedAsync();
await docs.EnsureCollectionExistsAsync();
await docs.UpsertAsync(
[
    new Doc { Id = "apple", Category = "fruit", Text = "a red apple", Rank = 1, Vector = new float[] { 1, 0, 0, 0 } },
    new Doc { Id = "pear", Category = "fruit", Text = "a green pear", Rank = 2, Vector = new float[] { 0.8f, 0.6f, 0, 0 } },
    new Doc { Id = "oak", Category = "tree", Text = "an old oak", Rank = 3, Vector = new float[] { 0.9f, 0, 0.1f, 0 } },
]);
var apple = await docs.GetAsync("apple", new RecordRetrievalOptions { IncludeVectors = true });
Check(apple is { Category: "fruit", Text: "a red apple", Rank: 1 } && apple.Vector.Span.SequenceEqual(new float[] { 1, 0, 0, 0 }),
    $"get apple: {apple?.Id} {apple?.Category} {apple?.Text} {apple?.Rank}");
var nearest = new List<string>();
await foreach (var hit in docs.SearchAsync(new ReadOnlyMemory<float>([1, 0, 0, 0]), 3))
{
    nearest.Add(hit.Record.Id);
}
Check(nearest.SequenceEqual(["apple", "oak", "pear"]), $"search order: {string.Join(",", nearest)}");
var fruit = new List<string>();
await foreach (var hit in docs.SearchAsync(new ReadOnlyMemory<float>([0.9f, 0, 0.1f, 0]), 3, new VectorSearchOptions<Doc> { Filter = d => d.Category == "fruit" }))
{
    fruit.Add(hit.Record.Id);
}
Check(fruit.SequenceEqual(["apple", "pear"]), $"filtered search: {string.Join(",", fruit)}");
var ranked = new List<string>();
await foreach (var doc in docs.GetAsync(d => d.Category != "tree" && d.Rank > 1, 10))
{
    ranked.Add(doc.Id);
}
Check(ranked.SequenceEqual(["pear"]), $"filtered get: {string.Join(",", ranked)}");
await docs.DeleteAsync("pear");
Check(await docs.GetAsync("pear") is null, "deleted pear is still there");

Console.WriteLine($"{(second ? "second" : "first")} run: {checks} checks passed (chat history {(second ? "restored" : "stored")}, stale save refused, MEVD upsert/search/filter on {docs.Backend})");
return 0;

void Check(bool condition, string what)
{
    checks++;
    if (!condition)
    {
        Console.Error.WriteLine($"FAILED: {what}");
        Environment.Exit(1);
    }
}
