using System.Diagnostics;
using Xunit;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>
/// This test assembly started as a child process (its entry point is <see cref="MongoCrashWriter.Main"/>), which writes
/// until killed and prints one <c>ack ...</c> line per acknowledged write; the kill tests kill it with SIGKILL part-way.
/// Written once for every kill test (batches, turns), so each says only what it writes and what it checks.
/// </summary>
internal static class CrashWriterProcess
{
    /// <summary>
    /// Starts the writer with <paramref name="arguments"/> (a <see cref="MongoCrashWriter"/> verb and its arguments),
    /// kills it with SIGKILL <paramref name="killDelay"/> after its <paramref name="killAfter"/>-th acknowledgement
    /// (a delay lands the kill at a moment inside a later write rather than right after an ack), and returns every ack
    /// line it printed before it died, in order. Fails the test when the writer stopped on its own before that many
    /// acks (its stderr is in the message) or printed anything else.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RunUntilKilledAsync(IReadOnlyList<string> arguments, int killAfter, TimeSpan killDelay)
    {
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var info = new ProcessStartInfo(dotnet, ["exec", typeof(MongoCrashWriter).Assembly.Location, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the writer");
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var acks = new List<string>();
        var killing = Task.CompletedTask;
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            Assert.True(line.StartsWith("ack ", StringComparison.Ordinal), $"unexpected writer output: {line}");
            acks.Add(line);
            if (acks.Count == killAfter) killing = KillAsync(process, killDelay);
        }
        await process.WaitForExitAsync(timeout.Token);
        await killing;
        Assert.True(acks.Count >= killAfter, $"the writer stopped after {acks.Count} acks: {await errors}");
        return acks;
    }

    /// <summary>SIGKILL (<see cref="Process.Kill()"/> on Unix) after <paramref name="delay"/>: no cleanup runs in the writer.</summary>
    private static async Task KillAsync(Process process, TimeSpan delay)
    {
        if (delay > TimeSpan.Zero) await Task.Delay(delay);
        process.Kill();
    }
}
