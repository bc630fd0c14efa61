using System.Diagnostics;
using System.Globalization;

namespace Chronos.Benchmarks.Vectors;

/// <summary>
/// A second measurement for a machine shared with other work: the bound and each search are timed in alternation,
/// round after round, so that background load hits all of them alike; the ratio of medians (and of minimums, the
/// least disturbed rounds) is then a fair "same run" comparison even when absolute times drift.
/// </summary>
public static class PairedRun
{
    public static void Run(int rounds)
    {
        var benchmarks = new ExactSearchBenchmarks();
        benchmarks.Setup();
        (string Name, Func<object> Call)[] cases =
        [
            (nameof(ExactSearchBenchmarks.BandwidthBound), () => benchmarks.BandwidthBound()),
            (nameof(ExactSearchBenchmarks.SimdKernel), () => benchmarks.SimdKernel()),
            (nameof(ExactSearchBenchmarks.NaiveScalar), () => benchmarks.NaiveScalar()),
            (nameof(ExactSearchBenchmarks.StoreSearch), () => benchmarks.StoreSearch()),
        ];
        var times = cases.Select(_ => new List<double>()).ToArray();
        for (var round = -3; round < rounds; round++) // three warm-up rounds, not recorded
        {
            for (var i = 0; i < cases.Length; i++)
            {
                var watch = Stopwatch.StartNew();
                cases[i].Call();
                if (round >= 0)
                {
                    times[i].Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }
        benchmarks.Cleanup();
        static double Median(List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        var boundMedian = Median(times[0]);
        var boundMin = times[0].Min();
        var gb = ExactSearchBenchmarks.BytesScanned / 1e9;
        Console.WriteLine($"Paired run: {rounds} rounds, {ExactSearchBenchmarks.Rows:N0} x {ExactSearchBenchmarks.Dimension} float32 ({gb:F3} GB per scan)");
        Console.WriteLine("| method | median | min | GB/s (median) | share of bound (median) | share of bound (min) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (var i = 0; i < cases.Length; i++)
        {
            var median = Median(times[i]);
            var min = times[i].Min();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {cases[i].Name} | {median:F2} ms | {min:F2} ms | {gb / (median / 1000):F2} | {boundMedian / median:P0} | {boundMin / min:P0} |"));
        }
    }
}
