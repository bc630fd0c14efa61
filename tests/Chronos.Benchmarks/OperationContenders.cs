namespace Chronos.Benchmarks;

/// <summary>
/// The contenders of one operation of one benchmark class (methods named <c>Operation_Contender</c>), on an instance
/// set up and cleaned up as BenchmarkDotNet does it (<c>Setup</c> / <c>Cleanup</c>): what the cross-check runners
/// (<c>--interleave</c>, <c>--allocs</c>) measure.
/// </summary>
internal sealed class OperationContenders : IAsyncDisposable
{
    private readonly object _instance;

    private OperationContenders(object instance, List<(string Name, Func<Task> Call)> contenders)
    {
        _instance = instance;
        Names = [.. contenders.Select(c => c.Name)];
        Calls = [.. contenders.Select(c => c.Call)];
        Baseline = Names.ToList().FindIndex(n => n.EndsWith("_HandWritten", StringComparison.Ordinal));
    }

    /// <summary>Method name per contender.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>One call of each contender.</summary>
    public IReadOnlyList<Func<Task>> Calls { get; }

    /// <summary>The position of the hand-written contender.</summary>
    public int Baseline { get; }

    public static async Task<OperationContenders> OpenAsync(string className, string operation)
    {
        var type = typeof(OperationContenders).Assembly.GetTypes().Single(t => t.Name == className);
        var instance = Activator.CreateInstance(type)!;
        await (Task)type.GetMethod("Setup")!.Invoke(instance, null)!;
        var contenders = type.GetMethods()
            .Where(m => m.Name.StartsWith(operation + "_", StringComparison.Ordinal))
            .Select(m => (m.Name, (Func<Task>)Delegate.CreateDelegate(typeof(Func<Task>), instance, m)))
            .ToList();
        return new OperationContenders(instance, contenders);
    }

    public async ValueTask DisposeAsync() =>
        await (Task)_instance.GetType().GetMethod("Cleanup")!.Invoke(_instance, null)!;
}
