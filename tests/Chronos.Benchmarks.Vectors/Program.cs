using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Chronos.Benchmarks.Vectors;

if (args.Contains("--paired"))
{
    PairedRun.Run(rounds: 40);
    return 0;
}

// In-process: the run measures this build, and skips generating and building a second project on a busy machine.
var job = (args.Contains("--medium") ? Job.MediumRun : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
var config = DefaultConfig.Instance.AddJob(job);
var summary = BenchmarkRunner.Run<ExactSearchBenchmarks>(config);

// Derived numbers: bytes scanned per second and the ratio to the bound measured in this same run.
var means = summary.Reports
    .Where(r => r.ResultStatistics is not null)
    .ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name, r => r.ResultStatistics!.Mean);
if (!means.TryGetValue(nameof(ExactSearchBenchmarks.BandwidthBound), out var bound))
{
    Console.Error.WriteLine("The bound did not run; no ratios.");
    return 1;
}
Console.WriteLine();
Console.WriteLine($"| method | mean latency | bytes scanned/s | share of bandwidth bound |");
Console.WriteLine($"|---|---|---|---|");
foreach (var (name, ns) in means)
{
    var gbPerSecond = ExactSearchBenchmarks.BytesScanned / ns; // bytes per ns = GB/s
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {ns / 1e6:F2} ms | {gbPerSecond:F2} GB/s | {bound / ns:P0} |"));
}
return 0;
