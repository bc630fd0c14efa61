using System.Text.Json;
using Chronos.Storage;
using Microsoft.Agents.AI;
using Microsoft.Agents.AI.Workflows.Checkpointing;
using Microsoft.Extensions.DependencyInjection;

namespace Chronos.Agents.Tests;

/// <summary><c>AddChronosAgentStores</c> beside <c>AddChronosStorage</c>: every component on the agent's keyed store.</summary>
public sealed class AgentStoresRegistrationTests
{
    [Fact]
    public async Task TheStoresResolveByAgentIdOnThatAgentsStorage()
    {
        var directory = Directory.CreateTempSubdirectory("chronos-agents-di-");
        try
        {
            var yaml = Path.Combine(directory.FullName, "chronos.yaml");
            await File.WriteAllTextAsync(yaml, $"defaults:\n  storage: {{ backend: sqlite, dsn: {Path.Combine(directory.FullName, "di.db")} }}\nagents:\n  - id: di-agent\n");
            await using var provider = new ServiceCollection()
                .AddChronosStorage(yaml)
                .AddChronosAgentStores("di-agent", o => o.Sessions.RequiredPartitions = ["user"])
                .BuildServiceProvider();

            var history = provider.GetRequiredKeyedService<ChatHistoryProvider>("di-agent");
            Assert.Same(provider.GetRequiredKeyedService<ChronosChatHistoryProvider>("di-agent"), history);
            var sessions = provider.GetRequiredKeyedService<AgentSessionStore>("di-agent");
            var checkpoints = provider.GetRequiredKeyedService<ICheckpointStore<JsonElement>>("di-agent");

            var agent = new ChatClientAgent(new EchoChatClient(), new ChatClientAgentOptions { Id = "di-agent", ChatHistoryProvider = history });
            var key = new AgentSessionStoreKey("s1").WithPartition("user", "ada");
            var session = await sessions.GetOrCreateSessionAsync(agent, key);
            await agent.RunAsync("hello", session);
            await sessions.SaveSessionAsync(agent, key, session);
            await Assert.ThrowsAsync<ArgumentException>(async () => await sessions.GetSessionAsync(agent, new AgentSessionStoreKey("s1")));
            var info = await checkpoints.CreateCheckpointAsync("wf", JsonDocument.Parse("{}").RootElement);

            var storage = provider.GetRequiredKeyedService<IStorage>("di-agent");
            var conversation = ((ChronosChatHistoryProvider)history).GetConversationId((await sessions.GetSessionAsync(agent, key))!);
            Assert.Equal(2, (await storage.ListEventsAsync(conversation)).Count);
            Assert.Equal([info], await checkpoints.RetrieveIndexAsync("wf"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
