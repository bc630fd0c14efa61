using System.Text.Json.Nodes;
using Chronos.Storage.Conformance;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>
/// The turn on the ordered protocol (MongoEventBatches + MongoTurnParts) between its steps: a fault after any step
/// before the commit point leaves nothing of the turn visible to another writer's reads and does not block the next
/// turn once the lease has run out; a fault after it leaves all of it visible; readers never see part of a turn in
/// flight. Faults come from the internal <c>AfterStep</c> hook (see <see cref="MongoBatchProtocolTests"/>).
/// </summary>
[RequiresTestServer(TestServers.Mongo)]
public sealed class MongoTurnProtocolTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(400);
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private MongoStorage? _first;
    private MongoStorage? _second;
    private Session? _created;
    private Checkpoint? _before;

    /// <summary>The writer that faults or stalls.</summary>
    private MongoStorage First => _first!;

    /// <summary>Another writer and reader on the same database, as another process would be.</summary>
    private MongoStorage Second => _second!;

    private IMongoCollection<BsonDocument> RawTxns => First.Database.GetCollection<BsonDocument>(MongoPendingWrites.CollectionName);

    public async Task InitializeAsync()
    {
        var name = MongoTestDatabase.NewName(nameof(MongoTurnProtocolTests));
        _first = await MongoTestDatabase.OpenAsync(name, Lease);
        _second = await MongoTestDatabase.OpenAsync(name, Lease);
        _created = await First.CreateSessionAsync(new Session { Id = "s", AgentId = "a", Status = SessionStatus.Active, CreatedAt = T0, UpdatedAt = T0 });
        await First.AppendEventAsync(new Event { Id = "e0", SessionId = "s", Type = "t", CreatedAt = T0 });
        // A stored checkpoint the turn replaces (staged on it), and the turn also adds a new one (inserted marked).
        _before = await First.SaveCheckpointAsync(CheckpointOf("cp-old", 1, "before"));
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await MongoTestDatabase.DropAsync(First);
    }

    [ServerTheory(TestServers.Mongo)]
    [InlineData("begun", true)]
    [InlineData("staged-session", true)]
    [InlineData("staged-checkpoint", true)]
    [InlineData("staged-checkpoint", false)]
    [InlineData("inserted", true)]
    [InlineData("inserted", false)]
    public async Task AFaultBeforeTheCommitPointLeavesNothingOfTheTurnVisibleAndNeverBlocksTheNextTurn(string step, bool replaceStoredCheckpoint)
    {
        First.Batches.AfterStep = (at, _) => at == step ? throw new SimulatedCrashException() : Task.CompletedTask;

        await Assert.ThrowsAsync<SimulatedCrashException>(() => First.CommitTurnAsync(Turn("t", replaceStoredCheckpoint)));

        Assert.Equal(1, await RawTxns.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
        await AssertNothingOfTurnVisibleAsync("t");
        // Once the dead turn's lease has run out, a plain update and checkpoint save of its records go through (it is
        // aborted and removed on the way), and so does the next turn.
        await Task.Delay(Lease);
        var updated = await Second.UpdateSessionAsync(_created! with { Status = SessionStatus.Ended });
        Assert.Equal(2, updated.Version);
        await Second.SaveCheckpointAsync(CheckpointOf("cp-old", 1, "plain"));
        Assert.Equal("plain", (string?)(await Second.GetCheckpointAsync("cp-old"))!.State!["tag"]);
        // The next turn commits on the updated session, and nothing of the dead one is left.
        var next = await Second.CommitTurnAsync(Turn("n", replaceStoredCheckpoint, updated));
        Assert.Equal(3, next.Session.Version);
        Assert.Equal(["e0", "n-e1", "n-e2"], (await First.ListEventsAsync("s")).Select(e => e.Id));
        Assert.Equal(0, await RawTxns.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
        Assert.Null(await First.GetCheckpointAsync("t-cp"));
    }

    [ServerTheory(TestServers.Mongo)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AFaultAfterTheCommitPointLeavesTheWholeTurnVisibleAndTheNextWriterSettlesIt(bool replaceStoredCheckpoint)
    {
        First.Batches.AfterStep = (at, _) => at == "committed" ? throw new SimulatedCrashException() : Task.CompletedTask;

        await Assert.ThrowsAsync<SimulatedCrashException>(() => First.CommitTurnAsync(Turn("t", replaceStoredCheckpoint)));

        await AssertWholeTurnVisibleAsync("t", replaceStoredCheckpoint);
        // A stale plain update conflicts (the staged version is the stored one), a fresh one settles and goes through.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Second.UpdateSessionAsync(_created! with { Status = SessionStatus.Active }));
        var current = (await Second.GetSessionAsync("s"))!;
        Assert.Equal(3, (await Second.UpdateSessionAsync(current with { UserId = "u2" })).Version);
        Assert.Equal(0, await RawTxns.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
    }

    [ServerFact(TestServers.Mongo)]
    public async Task ReadersNeverSeePartOfATurnInFlight()
    {
        var hold = new TaskCompletionSource();
        var reached = new TaskCompletionSource();
        First.Batches.AfterStep = async (at, _) =>
        {
            if (at != "inserted") return;
            reached.SetResult();
            await hold.Task;
        };

        var turn = First.CommitTurnAsync(Turn("t", replaceStoredCheckpoint: true));
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await AssertNothingOfTurnVisibleAsync("t");
        // A racing turn on the same session version waits for this one, then loses.
        var racing = Second.CommitTurnAsync(Turn("r", replaceStoredCheckpoint: false));
        hold.SetResult();
        await turn;
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => racing);
        await AssertWholeTurnVisibleAsync("t", replaceStoredCheckpoint: true);
    }

    private async Task AssertNothingOfTurnVisibleAsync(string tag)
    {
        RecordAssert.Same(_created!, await Second.GetSessionAsync("s"));
        RecordAssert.Same(_created!, (await Second.ListSessionsAsync("a", 10)).Single());
        Assert.Equal(["e0"], (await Second.ListEventsAsync("s")).Select(e => e.Id));
        RecordAssert.Same(_before!, await Second.GetCheckpointAsync("cp-old"));
        Assert.Null(await Second.GetCheckpointAsync(tag + "-cp"));
        Assert.Equal(["cp-old"], (await Second.ListCheckpointsAsync("s", 10)).Select(c => c.Id));
        Assert.Empty(await Second.ListSessionAuditLogsAsync("s", 10));
    }

    private async Task AssertWholeTurnVisibleAsync(string tag, bool replaceStoredCheckpoint)
    {
        var session = (await Second.GetSessionAsync("s"))!;
        Assert.Equal((2L, SessionStatus.Ended), (session.Version, session.Status));
        Assert.Equal(2, (await Second.ListSessionsAsync("a", 10)).Single().Version);
        Assert.Equal(["e0", tag + "-e1", tag + "-e2"], (await Second.ListEventsAsync("s")).Select(e => e.Id));
        Assert.Equal(replaceStoredCheckpoint ? tag : "before", (string?)(await Second.GetCheckpointAsync("cp-old"))!.State!["tag"]);
        Assert.Equal(replaceStoredCheckpoint, await Second.GetCheckpointAsync(tag + "-cp") is null);
        Assert.Equal(replaceStoredCheckpoint ? 1 : 2, (await Second.ListCheckpointsAsync("s", 10)).Count);
        Assert.Equal(replaceStoredCheckpoint ? "cp-old" : tag + "-cp", (await Second.GetLatestCheckpointAsync("s"))!.Id);
        Assert.Equal([tag + "-a1"], (await Second.ListSessionAuditLogsAsync("s", 10)).Select(a => a.Id));
    }

    /// <summary>A turn ending the session: two events, one audit entry, and the stored checkpoint rewritten or a new one.</summary>
    private TurnCommit Turn(string tag, bool replaceStoredCheckpoint, Session? on = null) => new()
    {
        Session = (on ?? _created!) with { Status = SessionStatus.Ended },
        Events = [new Event { Id = tag + "-e1", SessionId = "s", Type = "t", CreatedAt = T0 }, new Event { Id = tag + "-e2", SessionId = "s", Type = "t", CreatedAt = T0 }],
        Checkpoint = replaceStoredCheckpoint ? CheckpointOf("cp-old", 3, tag) : CheckpointOf(tag + "-cp", 3, tag),
        AuditLogs = [new AuditLog { Id = tag + "-a1", AgentId = "a", SessionId = "s", Actor = "x", Action = "y", Resource = "z", CreatedAt = T0 }],
    };

    private static Checkpoint CheckpointOf(string id, long seq, string tag) => new()
    {
        Id = id,
        SessionId = "s",
        RunId = "run",
        NodeId = "node",
        State = new JsonObject { ["tag"] = tag },
        SeqNum = seq,
        CreatedAt = T0.AddSeconds(seq),
    };

    private sealed class SimulatedCrashException : Exception;
}
