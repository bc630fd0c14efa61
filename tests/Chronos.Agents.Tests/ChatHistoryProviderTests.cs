using Chronos.Storage;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace Chronos.Agents.Tests;

/// <summary><see cref="ChronosChatHistoryProvider"/> on every backend.</summary>
public sealed class ChatHistoryProviderTests(AgentBackendsFixture backends) : IClassFixture<AgentBackendsFixture>
{
    private static ChatClientAgent Agent(IChatClient client, ChatHistoryProvider history) =>
        new(client, new ChatClientAgentOptions { Id = "history-agent", ChatHistoryProvider = history });

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task TurnsAreStoredOneEventPerMessageInOrderAndRestoredByANewProvider(string backend)
    {
        var storage = await backends.StorageAsync(backend);
        var client = new EchoChatClient();
        var provider = new ChronosChatHistoryProvider(storage);
        var agent = Agent(client, provider);
        var session = await agent.CreateSessionAsync();

        await agent.RunAsync("first question", session);
        await agent.RunAsync("second question", session);

        var conversation = provider.GetConversationId(session);
        var events = await storage.ListEventsAsync(conversation);
        Assert.Equal([1L, 2, 3, 4], events.Select(e => e.SeqNum));
        Assert.All(events, e => Assert.Equal(EventType.ChatMessage, e.Type));
        Assert.Equal(2, client.Calls[1].Count - 1); // the second call saw the first turn (2 messages) plus the new question
        Assert.Equal("history-agent", (await storage.GetSessionAsync(conversation))!.AgentId);

        // A new provider instance and a session restored from its serialized form: the next run sees the whole history.
        var restoredProvider = new ChronosChatHistoryProvider(storage);
        var restoredAgent = Agent(client, restoredProvider);
        var restored = await restoredAgent.DeserializeSessionAsync(await agent.SerializeSessionAsync(session));
        var history = await restoredProvider.GetMessagesAsync(restored);
        Assert.Equal(["first question", "echo #1: first question (saw 1 messages)", "second question", "echo #2: second question (saw 3 messages)"],
            history.Select(m => m.Text));
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant], history.Select(m => m.Role));

        var reply = await restoredAgent.RunAsync("third question", restored);
        Assert.Equal("echo #3: third question (saw 5 messages)", reply.Text);
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task StoringTheSameTurnTwiceDoesNotDuplicateAndMessagesWithoutIdsGetOne(string backend)
    {
        var storage = await backends.StorageAsync(backend);
        var provider = new ChronosChatHistoryProvider(storage);
        var agent = Agent(new EchoChatClient(), provider);
        var session = await agent.CreateSessionAsync();
        var request = new ChatMessage(ChatRole.User, "no id on this one");
        var response = new ChatMessage(ChatRole.Assistant, "answer") { MessageId = "fixed-answer-id" };
        var context = new ChatHistoryProvider.InvokedContext(agent, session, [request], [response]);

        await provider.InvokedAsync(context);
        Assert.NotNull(request.MessageId);
        await provider.InvokedAsync(context); // the retry of a turn whose first store's reply was lost

        var events = await storage.ListEventsAsync(provider.GetConversationId(session));
        Assert.Equal(2, events.Count);
        Assert.Equal([1L, 2], events.Select(e => e.SeqNum));
        var messages = await provider.GetMessagesAsync(session);
        Assert.Equal([request.MessageId, "fixed-answer-id"], messages.Select(m => m.MessageId));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task AFailedInvocationStoresNothing(string backend)
    {
        var storage = await backends.StorageAsync(backend);
        var provider = new ChronosChatHistoryProvider(storage);
        var agent = Agent(new EchoChatClient(), provider);
        var session = await agent.CreateSessionAsync();

        await provider.InvokedAsync(new ChatHistoryProvider.InvokedContext(agent, session, [new ChatMessage(ChatRole.User, "lost")], new InvalidOperationException("model down")));

        Assert.Empty(await storage.ListEventsAsync(provider.GetConversationId(session)));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task AReducerIsRecordedAsOneSummaryAndTheLedgerKeepsEveryMessage(string backend)
    {
        var storage = await backends.StorageAsync(backend);
        var client = new EchoChatClient();
        var provider = new ChronosChatHistoryProvider(storage, new ChronosChatHistoryProviderOptions { ChatReducer = new KeepLast(2) });
        var agent = Agent(client, provider);
        var session = await agent.CreateSessionAsync();

        await agent.RunAsync("one", session);
        await agent.RunAsync("two", session);    // history of 2: not reduced
        await agent.RunAsync("three", session);  // history of 4: reduced to the last 2 before the call

        Assert.Equal(["two", "echo #2: two (saw 3 messages)", "three"], client.Calls[2].Select(m => m.Text));
        var events = await storage.ListEventsAsync(provider.GetConversationId(session));
        Assert.Equal(6, events.Count(e => e.Type == EventType.ChatMessage));
        var summary = Assert.Single(events, e => e.Type == EventType.ChatSummary);
        Assert.Equal(5, summary.SeqNum);
        Assert.Equal(["two", "echo #2: two (saw 3 messages)", "three", "echo #3: three (saw 3 messages)"],
            (await provider.GetMessagesAsync(session)).Select(m => m.Text));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task AReducerAfterMessagesAddedKeepsTheNewTurnWhole(string backend)
    {
        var storage = await backends.StorageAsync(backend);
        var client = new EchoChatClient();
        var provider = new ChronosChatHistoryProvider(storage, new ChronosChatHistoryProviderOptions
        {
            ChatReducer = new KeepLast(1),
            ReducerTriggerEvent = InMemoryChatHistoryProviderOptions.ChatReducerTriggerEvent.AfterMessageAdded,
        });
        var agent = Agent(client, provider);
        var session = await agent.CreateSessionAsync();

        await agent.RunAsync("one", session);
        await agent.RunAsync("two", session);

        Assert.Equal(["echo #1: one (saw 1 messages)", "two", "echo #2: two (saw 3 messages)"],
            (await provider.GetMessagesAsync(session)).Select(m => m.Text));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task ConcurrentTurnsOnOneConversationStoreEveryMessageOnceWithoutGaps(string backend)
    {
        var storage = await backends.StorageAsync(backend);
        var provider = new ChronosChatHistoryProvider(storage);
        var agent = Agent(new EchoChatClient(), provider);
        var session = await agent.CreateSessionAsync();
        provider.GetConversationId(session); // assign the conversation before the writers race on the state bag

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => provider.InvokedAsync(new ChatHistoryProvider.InvokedContext(agent, session,
            [new ChatMessage(ChatRole.User, $"q{i}") { MessageId = $"q{i}" }], [new ChatMessage(ChatRole.Assistant, $"a{i}") { MessageId = $"a{i}" }])).AsTask()));

        var events = await storage.ListEventsAsync(provider.GetConversationId(session));
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (long)i), events.Select(e => e.SeqNum));
        var texts = (await provider.GetMessagesAsync(session)).Select(m => m.Text).ToList();
        Assert.Equal(16, texts.Distinct().Count());
        for (var i = 0; i < 8; i++)
        {
            Assert.True(texts.IndexOf($"q{i}") < texts.IndexOf($"a{i}"), "a turn's request is stored before its response");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task ACorruptedStoredMessageIsATypedErrorNamingTheEvent(string backend)
    {
        var storage = await backends.StorageAsync(backend);
        var provider = new ChronosChatHistoryProvider(storage);
        var agent = Agent(new EchoChatClient(), provider);
        var session = await agent.CreateSessionAsync();
        var conversation = provider.GetConversationId(session);
        await storage.AppendEventAsync(new Event { Id = "bad-" + conversation, SessionId = conversation, Type = EventType.ChatMessage, Payload = System.Text.Json.Nodes.JsonValue.Create(42) });

        var error = await Assert.ThrowsAsync<StoredRecordFormatException>(() => provider.GetMessagesAsync(session));
        Assert.Contains("bad-" + conversation, error.Message);
    }

    /// <summary>Keeps the last N messages (a plain reducer, so the tests do not depend on MEAI's experimental ones).</summary>
    private sealed class KeepLast(int count) : IChatReducer
    {
        public Task<IEnumerable<ChatMessage>> ReduceAsync(IEnumerable<ChatMessage> messages, CancellationToken cancellationToken)
        {
            var list = messages.ToList();
            return Task.FromResult<IEnumerable<ChatMessage>>(list.Skip(Math.Max(0, list.Count - count)).ToList());
        }
    }
}
