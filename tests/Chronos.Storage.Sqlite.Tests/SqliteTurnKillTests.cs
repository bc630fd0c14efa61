using System.Diagnostics;
using Chronos.Storage.Conformance;
using Xunit;

namespace Chronos.Storage.Sqlite.Tests;

/// <summary>
/// A process committing turns (session update, three events, checkpoint, audit entry) to a SQLite file is killed with
/// SIGKILL mid-run, several times: after each kill the file holds whole turns only, every acknowledged turn among them.
/// </summary>
public sealed class SqliteTurnKillTests : IDisposable
{
    private readonly TempDatabase _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task TurnsAreWholeAfterTheWriterIsKilledMidCommit()
    {
        var file = _files.File();
        long acknowledged = 0;
        for (var round = 1; round <= 5; round++)
        {
            // Kill after a different number of acknowledged turns each round, so the kill lands at varied points.
            var acks = await RunUntilKilledAsync(file, 5 + round * 11);
            acknowledged = Math.Max(acknowledged, acks);

            await using var store = await SqliteStorage.OpenAsync(file);
            var committed = await TurnFaultWorkload.AssertWholeTurnsAsync(store, "s");
            // An acknowledged turn is stored; at most the one in flight when killed is there without its ack.
            Assert.InRange(committed, acknowledged, acknowledged + 1);
            acknowledged = committed;
        }
    }

    /// <summary>Starts the writer, kills it (SIGKILL) after <paramref name="turns"/> acknowledged turns, returns the last acknowledged turn.</summary>
    private static async Task<long> RunUntilKilledAsync(string file, int turns)
    {
        var assembly = typeof(SqliteCrashWriter).Assembly.Location;
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var info = new ProcessStartInfo(dotnet, ["exec", assembly, SqliteCrashWriter.TurnVerb, file, "s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the writer");
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var count = 0;
        long last = 0;
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var parts = line.Split(' ');
            Assert.True(parts is ["ack", _, _], $"unexpected writer output: {line}");
            last = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            if (++count == turns) process.Kill();
        }
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(count >= turns, $"the writer stopped after {count} turns: {await errors}");
        return last;
    }
}
