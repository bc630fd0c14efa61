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
    /// <summary>What the writer printed before <see cref="RunUntilKilledAsync"/> killed it.</summary>
    /// <param name="Acks">Its <c>ack ...</c> lines, in order: the writes it saw acknowledged.</param>
    /// <param name="HeldAt">The protocol step it was holding at when killed (see <see cref="HoldingPrefix"/>), or null.</param>
    public sealed record KilledWriter(IReadOnlyList<string> Acks, string? HeldAt);

    /// <summary>
    /// The line a writer prints when it has stopped right after a protocol step it was told to stop at (its
    /// <c>AfterStep</c> hook waits forever there), followed by the step's name: the kill then lands exactly there.
    /// </summary>
    public const string HoldingPrefix = "holding at ";

    /// <summary>
    /// Starts the writer with <paramref name="arguments"/> (a <see cref="MongoCrashWriter"/> verb and its arguments)
    /// and kills it with SIGKILL <paramref name="killDelay"/> after its <paramref name="killAfterAcks"/>-th
    /// acknowledgement (a delay lands the kill at a moment inside a later write rather than right after an ack), or at
    /// once when it reports holding at a step (<see cref="HoldingPrefix"/>). Fails the test when the writer stopped on
    /// its own before either (its stderr is in the message) or printed anything else.
    /// </summary>
    public static async Task<KilledWriter> RunUntilKilledAsync(IReadOnlyList<string> arguments, int? killAfterAcks, TimeSpan killDelay)
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
        string? heldAt = null;
        var killing = Task.CompletedTask;
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(HoldingPrefix, StringComparison.Ordinal))
            {
                heldAt = line[HoldingPrefix.Length..];
                killing = KillAsync(process, TimeSpan.Zero);
                continue;
            }
            Assert.True(line.StartsWith("ack ", StringComparison.Ordinal), $"unexpected writer output: {line}");
            acks.Add(line);
            if (acks.Count == killAfterAcks) killing = KillAsync(process, killDelay);
        }
        await process.WaitForExitAsync(timeout.Token);
        await killing;
        Assert.True(heldAt is not null || acks.Count >= killAfterAcks, $"the writer stopped on its own after {acks.Count} acks: {await errors}");
        return new KilledWriter(acks, heldAt);
    }

    /// <summary>SIGKILL (<see cref="Process.Kill()"/> on Unix) after <paramref name="delay"/>: no cleanup runs in the writer.</summary>
    private static async Task KillAsync(Process process, TimeSpan delay)
    {
        if (delay > TimeSpan.Zero) await Task.Delay(delay);
        process.Kill();
    }
}
