using System.Reflection;
using Chronos.Storage;

namespace Chronos.Benchmarks;

/// <summary>
/// <c>--check</c>: runs every benchmark method of every class once and compares each contender's result with the
/// baseline's (same rows, same order, same values), so a table never compares contenders doing different work.
/// Appends are compared on everything but id, sequence number and time.
/// </summary>
internal static class ContenderCheck
{
    public static async Task<int> RunAsync(string? filter)
    {
        var failures = 0;
        foreach (var type in typeof(ContenderCheck).Assembly.GetTypes().Where(t => !t.IsAbstract && t.Name.EndsWith("Benchmarks", StringComparison.Ordinal)))
        {
            if (filter is not null && !type.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)) continue;
            var instance = Activator.CreateInstance(type)!;
            await (Task)type.GetMethod("Setup")!.Invoke(instance, null)!;
            try
            {
                var methods = type.GetMethods().Where(m => m.GetCustomAttributes().Any(a => a.GetType().Name == "BenchmarkAttribute")).ToList();
                foreach (var group in methods.GroupBy(m => m.Name[..m.Name.IndexOf('_')]))
                {
                    var baseline = group.Single(m => m.Name.EndsWith("_HandWritten", StringComparison.Ordinal));
                    var expected = Describe(await Invoke(baseline, instance));
                    foreach (var method in group.Where(m => m != baseline))
                    {
                        var actual = Describe(await Invoke(method, instance));
                        var same = actual == expected;
                        failures += same ? 0 : 1;
                        Console.WriteLine($"{(same ? "same" : "DIFFERENT")}  {type.Name}.{method.Name}{(same ? "" : $"\n  expected {Shorten(expected)}\n  actual   {Shorten(actual)}")}");
                    }
                }
            }
            finally
            {
                await (Task)type.GetMethod("Cleanup")!.Invoke(instance, null)!;
            }
        }
        Console.WriteLine(failures == 0 ? "every contender returns what the baseline returns" : $"{failures} contender(s) differ");
        return failures == 0 ? 0 : 1;
    }

    private static async Task<object?> Invoke(MethodInfo method, object instance)
    {
        var task = (Task)method.Invoke(instance, null)!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task);
    }

    private static string Describe(object? result) => result switch
    {
        null => "null",
        Session s => $"S({s.Id},{s.AgentId},{s.UserId},{s.Status},{s.Metadata.ToJsonString()},{s.CreatedAt:O},{s.UpdatedAt:O},{s.Version})",
        Event e when e.Id.StartsWith("append-", StringComparison.Ordinal) => $"E(appended,{e.SessionId},{e.Type},{e.Payload?.ToJsonString()},{e.SeqNum > 0},{e.CreatedAt.Kind})",
        Event e => $"E({e.Id},{e.SessionId},{e.SeqNum},{e.Type},{e.Payload?.ToJsonString()},{e.CreatedAt:O})",
        System.Collections.IEnumerable list => $"{list.Cast<object>().Count()}[{string.Join(";", list.Cast<object>().Select(Describe))}]",
        _ => result.ToString() ?? "",
    };

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
