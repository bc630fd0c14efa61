using System.Diagnostics;
using System.Text.Json;
using Chronos.Storage.Conformance;

namespace Chronos.Cli.Tests;

/// <summary>
/// <c>chronos copy</c> from the SQLite file of development into PostgreSQL: 100,000 events in 10 sessions, the
/// process killed part-way, then run again: it resumes, verifies counts and checksums, and a third run changes nothing.
/// </summary>
public sealed class CopyResumeTests(Xunit.Abstractions.ITestOutputHelper log) : IAsyncLifetime
{
    private const int Sessions = 10;
    private const int EventsPerSession = 10_000;
    private readonly Workspace _workspace = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _workspace.DisposeAsync().AsTask();

    [ServerFact(TestServers.Postgres)]
    public async Task ACopyOf100000EventsKilledPartWayResumesAndVerifies()
    {
        var postgres = await _workspace.PostgresSchemaAsync();
        _workspace.WriteYaml($"""
            agents:
              - id: dev
                storage: {"{"} backend: sqlite, dsn: dev.db {"}"}
              - id: prod
                storage: {"{"} backend: postgres, dsn: "{postgres}" {"}"}
            """);
        var clock = Stopwatch.StartNew();
        await Seed.SqliteAsync(_workspace.PathOf("dev.db"), "dev", Sessions, EventsPerSession);
        log.WriteLine($"seeded SQLite in {clock.Elapsed}");

        // First run: killed once a fifth of the events are across (the progress lines on stderr say how many).
        using (var first = ChronosTool.Start(_workspace.Directory, "copy", "--from", "dev", "--to", "prod", "--parallel", "10"))
        {
            var stdout = first.StandardOutput.ReadToEndAsync();
            var progress = new List<string>();
            while (await first.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(5)) is { } line)
            {
                progress.Add(line);
                if (CopiedSoFar(line) >= 20_000)
                {
                    first.Kill(entireProcessTree: true);
                    break;
                }
            }
            await first.WaitForExitAsync();
            Assert.True(progress.Any(l => CopiedSoFar(l) >= 20_000), "the copy never reported 20,000 events: " + string.Join("\n", progress.TakeLast(5)) + await stdout);
            Assert.Contains(progress, l => l.Contains("/s,", StringComparison.Ordinal));   // a rate beside the counts
        }
        log.WriteLine($"killed after {clock.Elapsed}");
        var afterKill = await Workspace.PostgresCountAsync(postgres, "SELECT count(*) FROM events");
        Assert.InRange(afterKill, 20_000, Sessions * EventsPerSession - 1);

        // Second run: resumes (starts at the events already there) and verifies.
        var resumed = await ChronosTool.RunAsync(_workspace.Directory, "copy", "--from", "dev", "--to", "prod", "--parallel", "10", "--json");
        log.WriteLine($"resumed copy done after {clock.Elapsed}:\n{resumed.Stderr}");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.Stdout);
        // It resumed: it wrote only what the killed run had not, and said so.
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"done, {Sessions * EventsPerSession - afterKill:N0} events written now, {afterKill:N0} already there"), resumed.Stderr, StringComparison.Ordinal);
        var verification = JsonDocument.Parse(resumed.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(6, verification.Count);
        Assert.All(verification, r => Assert.Equal("ok", r.GetProperty("result").GetString()));
        var events = Assert.Single(verification, r => r.GetProperty("entity").GetString() == "Event");
        Assert.Equal(Sessions * EventsPerSession, events.GetProperty("target_count").GetInt64());
        Assert.Equal(events.GetProperty("source_sha256").GetString(), events.GetProperty("target_sha256").GetString());
        Assert.Equal(Sessions * EventsPerSession, await Workspace.PostgresCountAsync(postgres, "SELECT count(*) FROM events"));
        Assert.Equal(Sessions * EventsPerSession, await Workspace.PostgresCountAsync(postgres, "SELECT count(DISTINCT (session_id, seq_num)) FROM events"));

        // Third run: idempotent, nothing new.
        var again = await ChronosTool.RunAsync(_workspace.Directory, "copy", "--from", "dev", "--to", "prod", "--parallel", "10", "--json");
        log.WriteLine($"third run done after {clock.Elapsed}");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(Sessions * EventsPerSession, await Workspace.PostgresCountAsync(postgres, "SELECT count(*) FROM events"));
        Assert.Equal(Sessions, await Workspace.PostgresCountAsync(postgres, "SELECT count(*) FROM sessions"));
    }

    /// <summary>The events count of a progress line (<c>copy dev: dev -> prod: [###...] 12,345/100,000 events, ...</c>), or -1.</summary>
    private static long CopiedSoFar(string line)
    {
        var match = System.Text.RegularExpressions.Regex.Match(line, @"\] ([\d,]+)/[\d,]+ events");
        return match.Success ? long.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) : -1;
    }
}
