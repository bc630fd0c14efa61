using System.Globalization;
using Chronos.Storage.Conformance;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;
using Xunit.Abstractions;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>
/// A process committing turns to MongoDB (session update, three events, a checkpoint and an audit entry each, the
/// <see cref="TurnFaultWorkload"/>) is killed with SIGKILL, right after each step of the ordered protocol and at random
/// moments. After each kill, before its lease has run out, another reader sees whole turns only (the session's version
/// and metadata announce exactly the turns whose events, checkpoint and audit entry are there) and every acknowledged
/// turn among them; once the lease has run out the next turn commits, and nothing unsettled is left behind.
/// </summary>
[RequiresTestServer(TestServers.Mongo)]
public sealed class MongoTurnKillTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const string SessionId = "s";
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(300);

    /// <summary>The turn protocol's steps in order (MongoEventBatches and MongoTurnParts call the AfterStep hook after each).</summary>
    private static readonly string[] ProtocolSteps = ["begun", "staged-session", "staged-checkpoint", "inserted", "committed"];

    private MongoStorage? _store;
    private MongoStorage? _reader;

    /// <summary>The writer that commits the turn after each kill.</summary>
    private MongoStorage Store => _store!;

    /// <summary>Another reader on the same database, as another process would be.</summary>
    private MongoStorage Reader => _reader!;

    public async Task InitializeAsync()
    {
        var name = MongoTestDatabase.NewName(nameof(MongoTurnKillTests));
        _store = await MongoTestDatabase.OpenAsync(name, Lease);
        _reader = await MongoTestDatabase.OpenAsync(name, Lease);
    }

    public async Task DisposeAsync()
    {
        await Reader.DisposeAsync();
        await MongoTestDatabase.DropAsync(Store);
    }

    [ServerFact(TestServers.Mongo)]
    public async Task TurnsAreWholeAfterTheWriterIsKilledMidCommit()
    {
        // First a kill right after each protocol step (the writer holds there: the kill lands exactly between two
        // steps), then kills at random moments: after a random number of acks plus a random pause, somewhere inside a
        // later turn. The seed is logged, so a failing run can be replayed.
        var seed = Environment.TickCount;
        log.WriteLine($"seed {seed}");
        var random = new Random(seed);
        string?[] rounds = [.. ProtocolSteps, null, null, null, null];
        for (var round = 0; round < rounds.Length; round++)
        {
            var holdAt = rounds[round];
            var holdAfterAcks = random.Next(1, 6);
            var killAfterAcks = random.Next(3, 20);
            var killDelay = TimeSpan.FromMilliseconds(random.Next(0, 40));
            var writer = await CrashWriterProcess.RunUntilKilledAsync(
                [MongoCrashWriter.TurnVerb, MongoTestDatabase.Dsn, Store.Database.DatabaseNamespace.DatabaseName, SessionId,
                    ((int)Lease.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), holdAt ?? "-",
                    holdAfterAcks.ToString(CultureInfo.InvariantCulture)],
                holdAt is null ? killAfterAcks : null, killDelay);
            Assert.Equal(holdAt, writer.HeldAt);
            var acknowledged = long.Parse(writer.Acks[^1]["ack ".Length..], CultureInfo.InvariantCulture);

            // Before the killed turn's lease runs out: whole turns, every acknowledged one, and the one in flight when
            // killed only if it had passed its commit point.
            var committed = await AssertReadersSeeWholeTurnsAsync();
            log.WriteLine(holdAt is null
                ? $"round {round}: killed {killDelay.TotalMilliseconds} ms after ack {killAfterAcks}; acknowledged {acknowledged}, stored {committed}"
                : $"round {round}: killed after step {holdAt}; acknowledged {acknowledged}, stored {committed}");
            switch (holdAt)
            {
                case null: Assert.InRange(committed, acknowledged, acknowledged + 1); break;
                case "committed": Assert.Equal(acknowledged + 1, committed); break;
                default: Assert.Equal(acknowledged, committed); break;
            }

            // Once it has run out, the next turn on the session as read commits, and the dead turn is settled or gone.
            await Task.Delay(Lease);
            var session = await Store.GetSessionAsync(SessionId);
            Assert.NotNull(session);
            var next = await Store.CommitTurnAsync(TurnFaultWorkload.NextTurn(session));
            Assert.Equal(committed + 2, next.Session.Version);
            Assert.Equal(committed + 1, await AssertReadersSeeWholeTurnsAsync());
            await AssertNothingUnsettledAsync();
        }
    }

    /// <summary>
    /// The reader sees whole turns only (<see cref="TurnFaultWorkload.AssertWholeTurnsAsync"/>), and the session's
    /// version in the session list and the latest checkpoint's sequence number agree with them.
    /// </summary>
    /// <returns>The number of committed turns.</returns>
    private async Task<long> AssertReadersSeeWholeTurnsAsync()
    {
        var turns = await TurnFaultWorkload.AssertWholeTurnsAsync(Reader, SessionId);
        Assert.Equal(turns + 1, (await Reader.ListSessionsAsync("fault-agent", 10)).Single().Version);
        Assert.Equal(turns * TurnFaultWorkload.EventsPerTurn, (await Reader.GetLatestCheckpointAsync(SessionId))?.SeqNum ?? 0);
        return turns;
    }

    /// <summary>No pending write is left, and no record carries a pending marker or a staged next version.</summary>
    private async Task AssertNothingUnsettledAsync()
    {
        var database = Store.Database;
        Assert.Equal(0, await database.GetCollection<BsonDocument>(MongoPendingWrites.CollectionName).CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
        var unsettled = new BsonDocument("$or", new BsonArray
        {
            new BsonDocument(MongoPendingWrites.MarkerElement, new BsonDocument("$exists", true)),
            new BsonDocument(MongoPendingWrites.StagedElement, new BsonDocument("$exists", true)),
        });
        foreach (var name in await (await database.ListCollectionNamesAsync()).ToListAsync())
        {
            Assert.Equal(0, await database.GetCollection<BsonDocument>(name).CountDocumentsAsync(unsettled));
        }
    }
}
