using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Chronos.Storage;
using Chronos.Storage.Schema;

if (args is ["--print-sql"])
{
    // What the hand-written contenders must match: the generated statements and the Redis layout.
    foreach (var dialect in SqlOf<Session>().Dialects)
    {
        foreach (var sql in new[] { dialect, SqlOf<Event>().For(dialect.Dialect) })
        {
            Console.WriteLine($"-- {sql.Dialect} {sql.Table}");
            foreach (var ddl in sql.CreateSchema) Console.WriteLine(ddl);
            Console.WriteLine(sql.Insert);
            Console.WriteLine(sql.SelectByKey);
            foreach (var index in sql.Indexes) Console.WriteLine(index.List);
        }
    }
    Console.WriteLine(RedisOf<Event>());
    foreach (var index in RedisOf<Event>().Indexes) Console.WriteLine(index);
    return 0;
}

if (args is ["--peak"])
{
    return await Chronos.Benchmarks.Streaming.StreamingPeak.RunAsync();
}

if (args is ["--check", ..])
{
    return await Chronos.Benchmarks.ContenderCheck.RunAsync(args.Length > 1 ? args[1] : null);
}

if (args is ["--interleave", var className, var operation, ..])
{
    return await Chronos.Benchmarks.InterleavedRun.RunAsync(className, operation,
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1000,
        args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 20);
}

if (args is ["--allocs", var allocClass, var allocOperation, ..])
{
    // [calls] [rounds] in that order; the flags may stand anywhere after the operation.
    var counts = args.Skip(3).Where(a => !a.StartsWith("--", StringComparison.Ordinal))
        .Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    return await Chronos.Benchmarks.AllocationRun.RunAsync(allocClass, allocOperation,
        counts.Length > 0 ? counts[0] : 1000, counts.Length > 1 ? counts[1] : 20,
        byType: args.Contains("--types"), blocking: args.Contains("--blocking"));
}

// A short, in-process job: the whole set in minutes, enough to compare contenders measured in the same run.
// A job given on the command line (e.g. `--job short --inProcess`) replaces it instead of running beside it.
var config = (args.Contains("--job") ? DefaultConfig.Instance : DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(12).WithId("Short12")))
    .AddDiagnoser(MemoryDiagnoser.Default)
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;

static SqlCatalog SqlOf<T>() where T : class, Chronos.Storage.Schema.IStorageEntity<T> => T.Sql;
static Chronos.Storage.Redis.RedisLayout RedisOf<T>() where T : class, Chronos.Storage.Schema.IStorageEntity<T> => Chronos.Storage.Redis.RedisLayout.Of<T>();
