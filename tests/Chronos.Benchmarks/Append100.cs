using Chronos.Storage;

namespace Chronos.Benchmarks;

/// <summary>
/// Issue 16 §2's batch benchmark, shared by the SQLite, PostgreSQL and Redis classes: 100 events as one batch against
/// 100 single appends, in the same run. The baseline is 100 hand-written single appends, so the ratio column reads
/// directly as "batch vs singles".
/// </summary>
internal static class Append100
{
    public const int Size = 100;

    /// <summary>100 new events from <paramref name="next"/>.</summary>
    public static List<Event> Events(Func<Event> next) => [.. Enumerable.Range(0, Size).Select(_ => next())];

    /// <summary>Appends <paramref name="events"/> one call each, in order.</summary>
    public static async Task<IReadOnlyList<Event>> OneByOneAsync(List<Event> events, Func<Event, Task<Event>> append)
    {
        var stored = new Event[events.Count];
        for (var i = 0; i < stored.Length; i++) stored[i] = await append(events[i]);
        return stored;
    }

    /// <summary>Appends <paramref name="events"/> as one batch.</summary>
    public static Task<IReadOnlyList<Event>> BatchAsync(IStorage store, List<Event> events) => store.AppendEventsAsync(events[0].SessionId, events);
}
