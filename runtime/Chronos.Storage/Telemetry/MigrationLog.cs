using System.Diagnostics;

namespace Chronos.Storage.Telemetry;

/// <summary>
/// Collects the schema versions a migration applies, wherever in an adapter the decision is made
/// (<see cref="Providers.SchemaMigrator.Pending{TEntity}"/> is the one place every backend asks), so that the engine
/// logs "migrated X from version a to b" once, after the migration succeeded, for every backend alike.
/// </summary>
internal static class MigrationLog
{
    private static readonly AsyncLocal<Scope?> Current = new();

    /// <summary>Starts collecting for one migration; dispose it when the migration ends, <see cref="Scope.Complete"/> it first when it succeeded.</summary>
    public static Scope Begin(StorageObserver observer)
    {
        var scope = new Scope(observer, Current.Value);
        Current.Value = scope;
        return scope;
    }

    /// <summary>Runs <paramref name="migrate"/> inside a scope and logs what it applied once it succeeded.</summary>
    public static async Task RunAsync<TState>(StorageObserver observer, TState state, Func<TState, CancellationToken, Task> migrate,
        CancellationToken cancellationToken)
    {
        using var applied = Begin(observer);
        await migrate(state, cancellationToken).ConfigureAwait(false);
        applied.Complete();
    }

    /// <summary>Notes that <paramref name="entity"/> moves from <paramref name="from"/> to <paramref name="to"/> (an event on the current span too).</summary>
    public static void Pending(string entity, long from, int to)
    {
        Current.Value?.Applied.Add((entity, from, to));
        Activity.Current?.AddEvent(new ActivityEvent("chronos.migration", tags: new ActivityTagsCollection
        {
            [DbAttributes.Entity] = entity,
            ["chronos.schema.version.from"] = from,
            ["chronos.schema.version.to"] = to,
        }));
    }

    /// <summary>One migration's collected versions.</summary>
    internal sealed class Scope(StorageObserver observer, Scope? outer) : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public List<(string Entity, long From, int To)> Applied { get; } = [];

        /// <summary>Logs what was applied: the migration succeeded.</summary>
        public void Complete()
        {
            foreach (var (entity, from, to) in Applied)
            {
                StorageObserver.MigrationApplied(observer.Logger, observer.Backend, entity, from, to);
            }
            StorageObserver.MigrationFinished(observer.Logger, observer.Backend, Stopwatch.GetElapsedTime(_started).TotalMilliseconds, Applied.Count);
        }

        public void Dispose() => Current.Value = outer;
    }
}
