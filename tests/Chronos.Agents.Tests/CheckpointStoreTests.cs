using System.Text.Json;
using Microsoft.Agents.AI.Workflows;
using Microsoft.Agents.AI;
using Microsoft.Agents.AI.Workflows.Checkpointing;
using Microsoft.Extensions.AI;

namespace Chronos.Agents.Tests;

/// <summary><see cref="ChronosCheckpointStore{TStoreObject}"/> on every backend.</summary>
public sealed class CheckpointStoreTests(AgentBackendsFixture backends) : IClassFixture<AgentBackendsFixture>
{
    private static JsonElement Value(int step) => JsonDocument.Parse($$"""{"step":{{step}},"text":"state {{step}}"}""").RootElement.Clone();

    private static string NewSession() => "run-" + Guid.NewGuid().ToString("N");

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task TheIndexIsInCommitOrderAndEveryValueRoundTrips(string backend)
    {
        ICheckpointStore<JsonElement> store = ChronosCheckpointStore.CreateJson(await backends.StorageAsync(backend));
        var session = NewSession();
        var committed = new List<CheckpointInfo>();
        CheckpointInfo? parent = null;
        for (var step = 0; step < 5; step++)
        {
            parent = await store.CreateCheckpointAsync(session, Value(step), parent);
            Assert.Equal(session, parent.SessionId);
            committed.Add(parent);
        }

        Assert.Equal(committed, await store.RetrieveIndexAsync(session));
        for (var step = 0; step < 5; step++)
        {
            var value = await store.RetrieveCheckpointAsync(session, committed[step]);
            Assert.Equal(step, value.GetProperty("step").GetInt32());
            Assert.Equal($"state {step}", value.GetProperty("text").GetString());
        }
        Assert.Empty(await store.RetrieveIndexAsync(NewSession()));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task ParentLinksFilterTheIndex(string backend)
    {
        var store = ChronosCheckpointStore.CreateJson(await backends.StorageAsync(backend));
        var session = NewSession();
        var root = await store.CreateCheckpointAsync(session, Value(0));
        var left = await store.CreateCheckpointAsync(session, Value(1), root);
        var right = await store.CreateCheckpointAsync(session, Value(2), root);
        var leaf = await store.CreateCheckpointAsync(session, Value(3), left);

        Assert.Equal([left, right], await store.RetrieveIndexAsync(session, root));
        Assert.Equal([leaf], await store.RetrieveIndexAsync(session, left));
        Assert.Empty(await store.RetrieveIndexAsync(session, leaf));
        Assert.Equal([root, left, right, leaf], await store.RetrieveIndexAsync(session));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task ACorruptedParentLinkIsATypedErrorNamingTheCheckpoint(string backend)
    {
        var storage = await backends.StorageAsync(backend);
        var store = ChronosCheckpointStore.CreateJson(storage);
        var session = NewSession();
        var root = await store.CreateCheckpointAsync(session, Value(0));
        await store.CreateCheckpointAsync(session, Value(1), root);
        var stored = (await storage.ListCheckpointsAsync(store.GetChronosSessionId(session), 10))[0];
        var state = stored.State.DeepClone().AsObject();
        state["parent_id"] = new System.Text.Json.Nodes.JsonObject { ["not"] = "an id" };
        await storage.SaveCheckpointAsync(stored with { State = state });

        var error = await Assert.ThrowsAsync<Chronos.Storage.StoredRecordFormatException>(() => store.RetrieveIndexAsync(session, root).AsTask());
        Assert.Equal(stored.Id, error.Key);
        Assert.Contains("parent_id", error.Message);
        Assert.Equal([root, new CheckpointInfo(session, stored.NodeId)], await store.RetrieveIndexAsync(session)); // the unfiltered index still reads
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task ConcurrentCommitsAreTotallyOrderedAndAllListed(string backend)
    {
        var storage = await backends.StorageAsync(backend);
        var store = ChronosCheckpointStore.CreateJson(storage);
        var session = NewSession();

        var infos = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => store.CreateCheckpointAsync(session, Value(i)).AsTask()));

        var index = (await store.RetrieveIndexAsync(session)).ToList();
        Assert.Equal(infos.ToHashSet(), index.ToHashSet());
        Assert.Equal(12, index.Count);
        // Commit order is the ledger's: the index follows the commit events' sequence numbers exactly.
        var commits = await storage.ListEventsAsync(store.GetChronosSessionId(session));
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), commits.Select(e => e.SeqNum));
        Assert.Equal(commits.Select(e => e.Payload!["checkpoint_id"]!.GetValue<string>()), index.Select(i => i.CheckpointId));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task AnUnknownCheckpointOrAnotherSessionsCheckpointIsNotFound(string backend)
    {
        var storage = await backends.StorageAsync(backend);
        var store = ChronosCheckpointStore.CreateJson(storage);
        var session = NewSession();
        var other = NewSession();
        var mine = await store.CreateCheckpointAsync(session, Value(1));

        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await store.RetrieveCheckpointAsync(session, new CheckpointInfo(session, "missing")));
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await store.RetrieveCheckpointAsync(other, mine));
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await store.RetrieveCheckpointAsync(other, new CheckpointInfo(other, mine.CheckpointId)));
        // Two scopes keep the same workflow session ids apart.
        Assert.Empty(await ChronosCheckpointStore.CreateJson(storage, "another-workflow").RetrieveIndexAsync(session));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task MafsCheckpointManagerResumesTheLatestCheckpoint(string backend)
    {
        var store = ChronosCheckpointStore.CreateJson(await backends.StorageAsync(backend));
        var manager = CheckpointManager.CreateJson(store);
        var session = NewSession();
        CheckpointInfo? last = null;
        for (var i = 0; i < 3; i++)
        {
            last = await store.CreateCheckpointAsync(session, Value(i), last);
        }

        Assert.Equal(last, await manager.GetLatestCheckpointAsync(session));
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task AValueComesBackWithItsPropertiesInTheOrderWritten(string backend)
    {
        // MAF's own checkpoint JSON is polymorphic: "$type" must stay the first property, whatever the backend does with JSON.
        var store = ChronosCheckpointStore.CreateJson(await backends.StorageAsync(backend));
        var session = NewSession();
        const string Text = """{"$type":"state","zeta":{"$type":"inner","b":1,"a":[3,1,2]},"alpha":"x","longer_name":-0.5}""";
        var info = await store.CreateCheckpointAsync(session, JsonDocument.Parse(Text).RootElement);

        Assert.Equal(Text, (await store.RetrieveCheckpointAsync(session, info)).GetRawText());
    }

    [SkippableTheory]
    [MemberData(nameof(AgentTestBackends.Names), MemberType = typeof(AgentTestBackends))]
    public async Task MafsWorkflowEngineCheckpointsEverySuperstepIntoTheStore(string backend)
    {
        // MAF's in-process runner, a sequential workflow of two agents, checkpointing through the store.
        var store = ChronosCheckpointStore.CreateJson(await backends.StorageAsync(backend));
        var manager = CheckpointManager.CreateJson(store, WorkflowJson.CheckpointOptions);
        var session = NewSession();
        ChatClientAgent Agent(string id) => new(new EchoChatClient(), new ChatClientAgentOptions { Id = id, Name = id });
        var workflow = AgentWorkflowBuilder.BuildSequential(Agent("first"), Agent("second"));
        var reported = new List<CheckpointInfo>();

        await using (var run = await InProcessExecution.RunStreamingAsync(workflow, new List<ChatMessage> { new(ChatRole.User, "hello") }, manager, session))
        {
            await run.TrySendMessageAsync(new TurnToken(emitEvents: true));
            await foreach (var evt in run.WatchStreamAsync())
            {
                Assert.False(evt is WorkflowErrorEvent, $"the workflow failed: {(evt as WorkflowErrorEvent)?.Data}");
                if (evt is SuperStepCompletedEvent { CompletionInfo.Checkpoint: { } checkpoint }) reported.Add(checkpoint);
            }
        }

        Assert.NotEmpty(reported);
        Assert.Equal(reported, await store.RetrieveIndexAsync(session));
        Assert.Equal(reported[^1], await manager.GetLatestCheckpointAsync(session));
        foreach (var checkpoint in reported)
        {
            Assert.Equal(JsonValueKind.Object, (await store.RetrieveCheckpointAsync(session, checkpoint)).ValueKind);
        }
    }
}

/// <summary>
/// MAF 1.28's checkpoint marshaller has no JSON contract for two types its own agent executors keep in checkpoint
/// state with Microsoft.Extensions.AI 11 ("No JSON type info is available for type Dictionary`2[String,FunctionCallContent]");
/// CheckpointManager.CreateJson's customOptions is MAF's documented way to add them.
/// </summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, FunctionCallContent>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, ToolApprovalRequestContent>))]
internal sealed partial class WorkflowJson : System.Text.Json.Serialization.JsonSerializerContext
{
    public static JsonSerializerOptions CheckpointOptions => field ??= Create(); // lazily: Default is not set yet while this type initializes

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions);
        options.TypeInfoResolverChain.Add(Default);
        return options;
    }
}
