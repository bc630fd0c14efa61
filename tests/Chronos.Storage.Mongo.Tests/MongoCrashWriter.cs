using System.Globalization;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>
/// Entry point of this test assembly when a kill test starts it as a child process (<see cref="CrashWriterProcess"/>):
/// with <see cref="BatchVerb"/> it appends batches of <see cref="BatchSize"/> events to one session, printing
/// <c>ack n</c> after each acknowledged batch (MongoBatchKillTests); with <see cref="TurnVerb"/> it commits turns of
/// <see cref="Conformance.TurnFaultWorkload"/>, printing <c>ack n</c> after each acknowledged turn n, and stopping
/// right after a chosen protocol step when told to (MongoTurnKillTests); either until it is killed. Otherwise it does nothing (the test runner loads the assembly, it
/// never runs Main).
/// </summary>
public static class MongoCrashWriter
{
    /// <summary>The verb that makes Main append batches until killed.</summary>
    public const string BatchVerb = "append-batches-until-killed";

    /// <summary>
    /// The verb that makes Main commit turns until killed: <c>TurnVerb dsn database session lease-ms hold-step
    /// hold-after-acks</c>; hold-step is a protocol step name ("begun", "staged-session", "staged-checkpoint",
    /// "inserted", "committed") or "-" for none.
    /// </summary>
    public const string TurnVerb = "commit-turns-until-killed";

    /// <summary>Events per batch.</summary>
    public const int BatchSize = 5;

    /// <summary>The id of event <paramref name="index"/> of batch <paramref name="batch"/>.</summary>
    public static string EventId(long batch, int index) => string.Create(CultureInfo.InvariantCulture, $"b{batch}-{index}");

    public static async Task<int> Main(string[] args)
    {
        if (args is [TurnVerb, var turnDsn, var turnDatabase, var turnSession, var leaseMilliseconds, var holdAt, var holdAfter])
        {
            var lease = TimeSpan.FromMilliseconds(int.Parse(leaseMilliseconds, CultureInfo.InvariantCulture));
            await using var turnStore = new MongoStorage(new MongoStorageOptions(turnDsn, turnDatabase) { AbandonedBatchTimeout = lease });
            var acks = 0;
            var holdAfterAcks = int.Parse(holdAfter, CultureInfo.InvariantCulture);
            // Stops for good right after step holdAt of the turn after holdAfterAcks acks, so the kill lands exactly there.
            turnStore.Batches.AfterStep = async (step, _) =>
            {
                if (step != holdAt || acks < holdAfterAcks) return;
                await Console.Out.WriteLineAsync(CrashWriterProcess.HoldingPrefix + step);
                await Console.Out.FlushAsync();
                await Task.Delay(Timeout.Infinite);
            };
            var error = await Conformance.TurnFaultWorkload.RunAsync(turnStore, turnSession, turn =>
            {
                acks++;
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ack {turn}"));
                Console.Out.Flush();
            }, CancellationToken.None);
            await Console.Error.WriteLineAsync(error?.ToString());
            return 1;
        }
        if (args is not [BatchVerb, var dsn, var database, var session, var first]) return 2;
        await using var store = new MongoStorage(new MongoStorageOptions(dsn, database));
        for (var batch = long.Parse(first, CultureInfo.InvariantCulture); ; batch++)
        {
            var events = Enumerable.Range(0, BatchSize).Select(i => new Event { Id = EventId(batch, i), SessionId = session, Type = "t" }).ToList();
            await store.AppendEventsAsync(session, events);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ack {batch}"));
            await Console.Out.FlushAsync();
        }
    }
}
