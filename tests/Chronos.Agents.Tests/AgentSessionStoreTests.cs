using Chronos.Storage;
using Microsoft.Agents.AI;

namespace Chronos.Agents.Tests;

/// <summary><see cref="ChronosAgentSessionStore"/> on every backend.</summary>
public sealed class AgentSessionStoreTests(AgentBackendsFixture backends) : IClassFixture<AgentBackendsFixture>
{
    private static ChatClientAgent NewAgent(string id = "session-agent") => new(new EchoChatClient(), new ChatClientAgentOptions { Id = id });

    private static AgentSessionStoreKey NewKey(string user = "ada") =>
        new AgentSessionStoreKey("chat-" + Guid.NewGuid().ToString("N")).WithPartition("tenant", "contoso").WithPartition("user", user);

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task ASavedSessionIsReturnedAsAnIndependentCopyEveryTime(string backend)
    {
        var store = new ChronosAgentSessionStore(await backends.StorageAsync(backend));
        var agent = NewAgent();
        var key = NewKey();
        Assert.Null(await store.GetSessionAsync(agent, key));

        var session = await store.GetOrCreateSessionAsync(agent, key);
        session.StateBag.SetValue("color", "blue");
        await store.SaveSessionAsync(agent, key, session);

        var first = await store.GetSessionAsync(agent, key);
        var second = await store.GetSessionAsync(agent, key);
        Assert.NotNull(first);
        Assert.NotSame(first, second);
        Assert.Equal("blue", first.StateBag.GetValue<string>("color"));
        first.StateBag.SetValue("color", "red");
        Assert.Equal("blue", second!.StateBag.GetValue<string>("color"));
        Assert.Equal("blue", (await store.GetSessionAsync(agent, key))!.StateBag.GetValue<string>("color"));
        Assert.Equal(1, store.GetVersion(first));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task AStaleSaveIsAConflictAndChangesNothing(string backend)
    {
        var store = new ChronosAgentSessionStore(await backends.StorageAsync(backend));
        var agent = NewAgent();
        var key = NewKey();
        await store.SaveSessionAsync(agent, key, await agent.CreateSessionAsync());

        var branchA = (await store.GetSessionAsync(agent, key))!;
        var branchB = (await store.GetSessionAsync(agent, key))!;
        branchA.StateBag.SetValue("winner", "a");
        await store.SaveSessionAsync(agent, key, branchA);
        branchB.StateBag.SetValue("winner", "b");

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveSessionAsync(agent, key, branchB));
        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Equal("a", (await store.GetSessionAsync(agent, key))!.StateBag.GetValue<string>("winner"));

        // The winner keeps its place: saving the same instance again moves on from the version it saved.
        branchA.StateBag.SetValue("winner", "a again");
        await store.SaveSessionAsync(agent, key, branchA);
        Assert.Equal(3, store.GetVersion(branchA));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task ANewSessionSavedOverAStoredOneIsAConflict(string backend)
    {
        var store = new ChronosAgentSessionStore(await backends.StorageAsync(backend));
        var agent = NewAgent();
        var key = NewKey();
        var stored = await agent.CreateSessionAsync();
        stored.StateBag.SetValue("owner", "first");
        await store.SaveSessionAsync(agent, key, stored);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(async () => await store.SaveSessionAsync(agent, key, await agent.CreateSessionAsync()));
        Assert.Equal("first", (await store.GetSessionAsync(agent, key))!.StateBag.GetValue<string>("owner"));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task ConcurrentSavesFromOneVersionHaveExactlyOneWinner(string backend)
    {
        var store = new ChronosAgentSessionStore(await backends.StorageAsync(backend));
        var agent = NewAgent();
        var key = NewKey();
        await store.SaveSessionAsync(agent, key, await agent.CreateSessionAsync());
        var branches = new List<AgentSession>();
        for (var i = 0; i < 6; i++)
        {
            var branch = (await store.GetSessionAsync(agent, key))!;
            branch.StateBag.SetValue("branch", $"b{i}");
            branches.Add(branch);
        }

        var outcomes = await Task.WhenAll(branches.Select(async b =>
        {
            try { await store.SaveSessionAsync(agent, key, b); return true; }
            catch (ConcurrencyConflictException) { return false; }
        }));

        var winner = Assert.Single(outcomes.Select((won, i) => (won, i)), o => o.won).i;
        Assert.Equal($"b{winner}", (await store.GetSessionAsync(agent, key))!.StateBag.GetValue<string>("branch"));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task EveryPartitionAndTheAgentScopeReadsWritesAndDeletes(string backend)
    {
        var storage = await backends.StorageAsync(backend);
        var store = new ChronosAgentSessionStore(storage);
        var agent = NewAgent();
        var ada = NewKey("ada");
        var bob = new AgentSessionStoreKey(ada.SessionId).WithPartition("tenant", "contoso").WithPartition("user", "bob");
        var reordered = new AgentSessionStoreKey(ada.SessionId, new Dictionary<string, string> { ["user"] = "ada", ["tenant"] = "contoso" });
        var adaSession = await agent.CreateSessionAsync();
        adaSession.StateBag.SetValue("owner", "ada");
        await store.SaveSessionAsync(agent, ada, adaSession);

        Assert.Null(await store.GetSessionAsync(agent, bob));
        Assert.Null(await store.GetSessionAsync(agent, new AgentSessionStoreKey(ada.SessionId)));
        Assert.Null(await store.GetSessionAsync(NewAgent("another-agent"), ada));
        Assert.Equal("ada", (await store.GetSessionAsync(agent, reordered))!.StateBag.GetValue<string>("owner"));

        // bob's save under the same session id is his own record, and his delete leaves ada's alone.
        await store.SaveSessionAsync(agent, bob, await agent.CreateSessionAsync());
        await store.DeleteSessionAsync(agent, bob);
        await store.DeleteSessionAsync(agent, bob); // deleting what is missing is a no-op
        Assert.Null(await store.GetSessionAsync(agent, bob));
        Assert.Equal("ada", (await store.GetSessionAsync(agent, ada))!.StateBag.GetValue<string>("owner"));
        Assert.Equal("ada", (await storage.GetSessionAsync(store.GetChronosSessionId(agent, ada)))!.UserId);

        await store.DeleteSessionAsync(agent, ada);
        Assert.Null(await store.GetSessionAsync(agent, ada));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task ARequiredPartitionIsRefusedBeforeAnyIo(string backend)
    {
        var storage = await backends.StorageAsync(backend);
        var store = new ChronosAgentSessionStore(storage, new ChronosAgentSessionStoreOptions { RequiredPartitions = ["tenant"] });
        var agent = NewAgent();
        var unscoped = new AgentSessionStoreKey("chat-" + Guid.NewGuid().ToString("N")).WithPartition("user", "ada");

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await store.SaveSessionAsync(agent, unscoped, await agent.CreateSessionAsync()));
        Assert.Contains("'tenant'", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.GetSessionAsync(agent, unscoped));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.DeleteSessionAsync(agent, unscoped));
        Assert.Null(await storage.GetSessionAsync(store.GetChronosSessionId(agent, unscoped)));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task ASessionWithChronosHistoryResumesTheConversationAfterARestart(string backend)
    {
        var storage = await backends.StorageAsync(backend);
        var key = NewKey();
        var client = new EchoChatClient();
        ChatClientAgent Agent() => new(client, new ChatClientAgentOptions { Id = "resume-agent", ChatHistoryProvider = new ChronosChatHistoryProvider(storage) });

        var firstRun = Agent();
        var store = new ChronosAgentSessionStore(storage);
        var session = await store.GetOrCreateSessionAsync(firstRun, key);
        await firstRun.RunAsync("remember the number 7", session);
        await store.SaveSessionAsync(firstRun, key, session);

        var secondRun = Agent();
        var restoredStore = new ChronosAgentSessionStore(storage);
        var resumed = (await restoredStore.GetSessionAsync(secondRun, key))!;
        var reply = await secondRun.RunAsync("what was the number?", resumed);
        Assert.Equal("echo #2: what was the number? (saw 3 messages)", reply.Text);
        Assert.Equal("remember the number 7", client.Calls[1][0].Text);
        await restoredStore.SaveSessionAsync(secondRun, key, resumed);
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task ASessionHoldingMafsInMemoryHistoryRoundTripsExactly(string backend)
    {
        // Without a ChatHistoryProvider, ChatClientAgent keeps the messages inside the session (polymorphic JSON whose
        // "$type" must stay first): the store must give back the serialized session exactly as MAF wrote it.
        var store = new ChronosAgentSessionStore(await backends.StorageAsync(backend));
        var client = new EchoChatClient();
        var agent = new ChatClientAgent(client, new ChatClientAgentOptions { Id = "in-memory-agent" });
        var key = NewKey();
        var session = await agent.CreateSessionAsync();
        await agent.RunAsync("first", session);
        await store.SaveSessionAsync(agent, key, session);

        var restored = (await store.GetSessionAsync(agent, key))!;
        Assert.Equal((await agent.SerializeSessionAsync(session)).GetRawText(), (await agent.SerializeSessionAsync(restored)).GetRawText());
        Assert.Equal("echo #2: second (saw 3 messages)", (await agent.RunAsync("second", restored)).Text);
    }
}
