namespace Chronos.Benchmarks;

/// <summary>
/// <c>--allocs Class Operation [calls] [rounds] [--types] [--blocking]</c>: bytes allocated per call by each contender of one operation,
/// counted with <see cref="GC.GetTotalAllocatedBytes(bool)"/> (every thread, precise) around a batch of calls, round
/// after round. BenchmarkDotNet's column averages one run; this shows the spread (min / median / max per round), which
/// tells a steady allocation from one that depends on whether an I/O call completed before it was awaited. The
/// same-round ratio (contender / hand-written in the same round, median over rounds) is the load-robust comparison.
/// </summary>
internal static class AllocationRun
{
    public static async Task<int> RunAsync(string className, string operation, int calls, int rounds, bool byType = false, bool blocking = false)
    {
        using var sampler = byType ? new AllocationSampler() : null;
        await using var contenders = await OperationContenders.OpenAsync(className, operation);
        var perRound = contenders.Names.Select(_ => new List<double>()).ToList();
        var samples = contenders.Names.Select(_ => new Dictionary<string, int>()).ToList();
        for (var round = 0; round < rounds + 1; round++)
        {
            for (var c = 0; c < contenders.Names.Count; c++)
            {
                var call = contenders.Calls[c];
                if (round > 0) sampler?.Start();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                if (blocking)
                {
                    // As BenchmarkDotNet's in-process engine calls a Task benchmark: the caller's thread waits for
                    // each call, so the call starts on one thread and finishes on another.
                    for (var i = 0; i < calls; i++) call().GetAwaiter().GetResult();
                }
                else
                {
                    for (var i = 0; i < calls; i++) await call();
                }
                var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
                if (sampler?.Stop() is { } taken && round > 0)
                {
                    foreach (var (typeName, n) in taken) samples[c][typeName] = samples[c].GetValueOrDefault(typeName) + n;
                }
                if (round > 0) perRound[c].Add((double)bytes / calls); // round 0 warms up
            }
        }
        var baselineRounds = perRound[contenders.Baseline];
        var baseline = baselineRounds.Order().ToList();
        for (var c = 0; c < contenders.Names.Count; c++)
        {
            var sorted = perRound[c].Order().ToList();
            var median = sorted[sorted.Count / 2];
            // Contenders take turns within a round, so a round's ratio compares calls made under the same load; on async
            // I/O the bytes depend on how many awaits completed before they were awaited, which load decides.
            var paired = perRound[c].Zip(baselineRounds, (mine, hand) => mine / hand).Order().ToList();
            Console.WriteLine($"{contenders.Names[c],-28} min {sorted[0],8:F0} B   median {median,8:F0} B ({median / baseline[baseline.Count / 2]:F2}x)   max {sorted[^1],8:F0} B   same-round ratio median {paired[paired.Count / 2]:F2}x");
            if (!byType) continue;
            // ~100 KB per sample: bytes per call of a type ~ its samples * 100 KB / all calls measured.
            var perCall = 100.0 * 1024 / ((double)calls * rounds);
            foreach (var (typeName, n) in samples[c].OrderByDescending(p => p.Value).Take(25))
            {
                Console.WriteLine($"    {n * perCall,8:F0} B  {typeName}");
            }
        }
        return 0;
    }
}
