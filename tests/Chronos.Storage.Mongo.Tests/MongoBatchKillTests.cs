using System.Globalization;
using Chronos.Storage.Conformance;
using MongoDB.Bson;
using MongoDB.Driver;
using Xunit;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>
/// A process appending batches of events to MongoDB is killed with SIGKILL mid-run, several times: after each kill the
/// ledger holds whole batches only (every acknowledged one among them, numbered 1..N with no gap), and the next
/// writer appends right after them once the killed writer's lease has run out, leaving no unsettled record behind.
/// </summary>
[RequiresTestServer(TestServers.Mongo)]
public sealed class MongoBatchKillTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(300);

    private MongoStorage? _store;

    private MongoStorage Store => _store!;

    public async Task InitializeAsync() => _store = await MongoTestDatabase.OpenAsync(MongoTestDatabase.NewName(nameof(MongoBatchKillTests)), Lease);

    public async Task DisposeAsync() => await MongoTestDatabase.DropAsync(Store);

    [ServerFact(TestServers.Mongo)]
    public async Task BatchesAreWholeAfterTheWriterIsKilledMidAppend()
    {
        long acknowledgedBatches = 0;
        long stored = 0;
        for (var round = 1; round <= 4; round++)
        {
            // Kill after a different number of acknowledged batches each round, so the kill lands at varied points.
            acknowledgedBatches += await RunUntilKilledAsync(round * 1000, 3 + (round * 7));
            await Task.Delay(Lease);

            var ledger = await Store.ListEventsAsync("s");
            Assert.Equal(Enumerable.Range(1, ledger.Count).Select(i => (long)i), ledger.Select(e => e.SeqNum));
            Assert.Equal(0, ledger.Count % MongoCrashWriter.BatchSize);
            foreach (var batch in ledger.Chunk(MongoCrashWriter.BatchSize))
            {
                var prefix = batch[0].Id[..(batch[0].Id.IndexOf('-', StringComparison.Ordinal) + 1)];
                Assert.All(batch, e => Assert.StartsWith(prefix, e.Id, StringComparison.Ordinal));
            }
            // Every acknowledged batch is stored; at most the one in flight when killed is there without its ack.
            var childBatches = (ledger.Count / MongoCrashWriter.BatchSize) - (round - 1);
            Assert.InRange(childBatches, acknowledgedBatches, acknowledgedBatches + 1);
            acknowledgedBatches = childBatches;

            // The next writer is not blocked, and settles what the killed one left.
            var next = await Store.AppendEventsAsync("s",
                [.. Enumerable.Range(0, MongoCrashWriter.BatchSize).Select(i => new Event { Id = $"p{round}-{i}", SessionId = "s", Type = "t" })]);
            Assert.Equal(ledger.Count + 1, next[0].SeqNum);
            stored = next[^1].SeqNum;
            Assert.Equal(stored, await Raw("events").CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
            Assert.Equal(0, await Raw("events").CountDocumentsAsync(new BsonDocument(MongoPendingWrites.MarkerElement, new BsonDocument("$exists", true))));
            Assert.Equal(0, await Raw(MongoPendingWrites.CollectionName).CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty));
        }
    }

    private IMongoCollection<BsonDocument> Raw(string collection) => Store.Database.GetCollection<BsonDocument>(collection);

    /// <summary>Starts the writer at batch <paramref name="first"/>, kills it (SIGKILL) after <paramref name="batches"/> acks, returns how many it acknowledged.</summary>
    private async Task<long> RunUntilKilledAsync(long first, int batches)
    {
        var writer = await CrashWriterProcess.RunUntilKilledAsync(
            [MongoCrashWriter.BatchVerb, MongoTestDatabase.Dsn, Store.Database.DatabaseNamespace.DatabaseName, "s", first.ToString(CultureInfo.InvariantCulture)],
            batches, TimeSpan.Zero);
        return writer.Acks.Count;
    }
}
