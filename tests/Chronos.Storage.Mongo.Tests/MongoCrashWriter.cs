using System.Globalization;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>
/// Entry point of this test assembly when MongoBatchKillTests starts it as a child process: appends batches of
/// <see cref="BatchSize"/> events to one session, printing <c>ack n</c> after each acknowledged batch, until it is
/// killed. Otherwise it does nothing (the test runner loads the assembly, it never runs Main).
/// </summary>
public static class MongoCrashWriter
{
    /// <summary>The verb that makes Main append batches until killed.</summary>
    public const string BatchVerb = "append-batches-until-killed";

    /// <summary>Events per batch.</summary>
    public const int BatchSize = 5;

    /// <summary>The id of event <paramref name="index"/> of batch <paramref name="batch"/>.</summary>
    public static string EventId(long batch, int index) => string.Create(CultureInfo.InvariantCulture, $"b{batch}-{index}");

    public static async Task<int> Main(string[] args)
    {
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
