using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Chronos.Storage.Sqlite.Tests;

/// <summary>
/// A process appending to a SQLite file is killed with SIGKILL mid-run, several times: after each kill every
/// acknowledged append is stored under its number, the ledger is exactly 1..N and the file passes integrity_check.
/// </summary>
public sealed class SqliteKillTests : IDisposable
{
    private readonly TempDatabase _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task AppendsSurviveTheWriterBeingKilledMidRun()
    {
        var file = _files.File();
        var acknowledged = new Dictionary<string, long>();
        for (var round = 1; round <= 6; round++)
        {
            // Kill after a different number of acknowledged appends each round, so the kill lands at varied points.
            foreach (var (id, seq) in await RunWriterUntilKilledAsync(file, 10 + round * 37))
            {
                acknowledged.Add(id, seq);
            }

            await using var store = await SqliteStorage.OpenAsync(file);
            var listed = await store.ListEventsAsync("s");
            Assert.Equal(Enumerable.Range(1, listed.Count).Select(n => (long)n), listed.Select(e => e.SeqNum));
            var stored = listed.ToDictionary(e => e.Id, e => e.SeqNum);
            foreach (var (id, seq) in acknowledged)
            {
                Assert.True(stored.TryGetValue(id, out var storedSeq), $"round {round}: acknowledged append {id} (#{seq}) is missing");
                Assert.Equal(seq, storedSeq);
            }
            Assert.Equal("ok", IntegrityCheck(file));
        }
    }

    /// <summary>Starts the writer, kills it (SIGKILL) once it has acknowledged <paramref name="appends"/> appends, returns every acknowledgement it printed.</summary>
    private static async Task<List<(string Id, long Seq)>> RunWriterUntilKilledAsync(string file, int appends)
    {
        var assembly = typeof(SqliteCrashWriter).Assembly.Location;
        var dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var info = new ProcessStartInfo(dotnet, ["exec", assembly, SqliteCrashWriter.Verb, file, "s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the writer");
        var errors = process.StandardError.ReadToEndAsync();
        var acks = new List<(string, long)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            acks.Add(Parse(line));
            if (acks.Count == appends) process.Kill();
        }
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(acks.Count >= appends, $"the writer stopped after {acks.Count} appends: {await errors}");
        return acks;
    }

    private static (string, long) Parse(string line)
    {
        var parts = line.Split(' ');
        Assert.True(parts is ["ack", _, _], $"unexpected writer output: {line}");
        return (parts[1], long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string IntegrityCheck(string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
