// Chronos agent quickstart: a Microsoft Agent Framework ChatClientAgent whose chat history (the Chronos event ledger)
// and session (a Chronos session with optimistic versions) live in the store chronos.yaml names, embedded SQLite by
// default, and which answers from an embedded vector store through Microsoft.Extensions.VectorData (KnowledgeBase).
// Run it twice: the second run continues the conversation.
// Usage: Chronos.AgentChat [path/to/chronos.yaml] [question ...]
using Chronos.AgentChat;
using Chronos.Agents;
using Chronos.Storage;
using Chronos.Storage.Configuration;
using Microsoft.Agents.AI;

const string AgentId = "agent-chat";
var configPath = args.Length > 0 && args[0].EndsWith(".yaml", StringComparison.Ordinal) ? args[0] : Path.Combine(AppContext.BaseDirectory, "chronos.yaml");
var questions = args.SkipWhile(a => a.EndsWith(".yaml", StringComparison.Ordinal)).ToList();

ChronosConfig config;
IStorage storage;
try
{
    config = ChronosConfig.Load(configPath);
    storage = await config.OpenStorageAsync(AgentId);
    Console.WriteLine($"Storage: {config.GetStorageSettings(AgentId)}");
}
catch (StorageConfigurationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
await using var _ = storage;
await using var vectors = await config.OpenVectorStoreAsync(AgentId);
var knowledge = new KnowledgeBase(vectors);
await knowledge.SeedAsync();

var history = new ChronosChatHistoryProvider(storage);
AIAgent agent = new ChatClientAgent(new RulesChatClient(), new ChatClientAgentOptions
{
    Id = AgentId, // the session store keys sessions by agent id: keep it stable across runs
    Name = "Chronos helper",
    ChatHistoryProvider = history,
    AIContextProviders = [new KnowledgeContextProvider(knowledge)],
});

var sessions = new ChronosAgentSessionStore(storage, new ChronosAgentSessionStoreOptions { RequiredPartitions = ["user"] });
var key = new AgentSessionStoreKey("agent-chat-demo").WithPartition("user", "ada");
var session = await sessions.GetSessionAsync(agent, key);
if (session is null)
{
    session = await agent.CreateSessionAsync();
    Console.WriteLine("Starting a new conversation.");
}
else
{
    var earlier = await history.GetMessagesAsync(session);
    Console.WriteLine($"Continuing the conversation: {earlier.Count} earlier messages (session version {sessions.GetVersion(session)}).");
}

if (questions.Count == 0)
{
    // A scripted conversation: each run asks the next two questions, so run two picks up where run one stopped.
    string[] script =
    [
        "What is Chronos?",
        "Which backends can I use?",
        "What did I ask first?",
        "How do workflow checkpoints resume?",
        "Can I publish my agent with NativeAOT?",
        "What happens to a stale session save?",
    ];
    var asked = (await history.GetMessagesAsync(session)).Count(m => m.Role == Microsoft.Extensions.AI.ChatRole.User);
    questions = [script[asked % script.Length], script[(asked + 1) % script.Length]];
}

foreach (var question in questions)
{
    Console.WriteLine($"you>   {question}");
    var reply = await agent.RunAsync(question, session);
    Console.WriteLine($"agent> {reply.Text}");
}

await sessions.SaveSessionAsync(agent, key, session);
var conversation = history.GetConversationId(session);
Console.WriteLine($"Saved: session version {sessions.GetVersion(session)}, {(await storage.ListEventsAsync(conversation)).Count} messages in ledger '{conversation}'. Run again to continue.");
return 0;
