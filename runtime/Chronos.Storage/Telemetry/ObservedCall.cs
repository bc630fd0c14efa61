namespace Chronos.Storage.Telemetry;

/// <summary>
/// The one place an observed call ends its <see cref="ObservedOperation"/>: <see cref="ObservedOperation.Succeeded"/>
/// after the work (and the caller's <c>completed</c> step, e.g. the payload size) when it completes,
/// <see cref="ObservedOperation.Failed"/> and the exception rethrown unchanged when it throws. Callers pass static
/// lambdas and their values as <c>state</c>, so an observed call allocates no closure; calls nobody observes never
/// get here (<see cref="StorageObserver.IsObserving"/>) and go straight to the adapter.
/// </summary>
/// <remarks>
/// Task, not ValueTask: every caller implements an interface method returning a Task, and turning a pending ValueTask
/// into one would allocate a second object per call.
/// </remarks>
internal static class ObservedCall
{
    /// <summary>Runs <paramref name="work"/> as <paramref name="operation"/> and returns its result.</summary>
    public static async Task<T> RunAsync<TState, T>(ObservedOperation operation, TState state, Func<TState, Task<T>> work,
        Action<ObservedOperation, TState, T>? completed = null)
    {
        try
        {
            var result = await work(state).ConfigureAwait(false);
            completed?.Invoke(operation, state, result);
            operation.Succeeded();
            return result;
        }
        catch (Exception e)
        {
            operation.Failed(e);
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/>, which returns nothing, as <paramref name="operation"/>.</summary>
    public static Task RunAsync<TState>(ObservedOperation operation, TState state, Func<TState, Task> work,
        Action<ObservedOperation, TState>? completed = null) =>
        RunAsync(operation, (state, work, completed), static async s =>
        {
            await s.work(s.state).ConfigureAwait(false);
            return true;
        }, static (op, s, _) => s.completed?.Invoke(op, s.state));
}
