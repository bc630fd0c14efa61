using System.Diagnostics;

namespace Chronos.Benchmarks;

/// <summary>
/// <c>--interleave Class Operation [calls] [rounds]</c>: a load-robust cross-check of one BenchmarkDotNet row on a shared
/// machine. The contenders of one operation take turns, round after round, so a change in machine load hits all of
/// them alike; per contender it prints the fastest and the median round (per call). Not a replacement for the tables:
/// no allocation figures, no statistics beyond that.
/// </summary>
internal static class InterleavedRun
{
    public static async Task<int> RunAsync(string className, string operation, int calls, int rounds)
    {
        await using var contenders = await OperationContenders.OpenAsync(className, operation);
        var perRound = contenders.Names.Select(_ => new List<double>()).ToList();
        for (var round = 0; round < rounds + 1; round++)
        {
            for (var c = 0; c < contenders.Names.Count; c++)
            {
                var call = contenders.Calls[c];
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < calls; i++) await call();
                watch.Stop();
                if (round > 0) perRound[c].Add(watch.Elapsed.TotalMicroseconds / calls); // round 0 warms up
            }
        }
        var baseline = perRound[contenders.Baseline];
        for (var c = 0; c < contenders.Names.Count; c++)
        {
            var sorted = perRound[c].Order().ToList();
            Console.WriteLine($"{contenders.Names[c],-28} min {sorted[0],10:F2} us ({sorted[0] / baseline.Min():F2}x)   median {sorted[sorted.Count / 2],10:F2} us ({sorted[sorted.Count / 2] / baseline.Order().ElementAt(baseline.Count / 2):F2}x)");
        }
        return 0;
    }
}
