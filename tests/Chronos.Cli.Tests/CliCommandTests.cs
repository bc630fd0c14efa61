using System.Text.Json;

namespace Chronos.Cli.Tests;

/// <summary>The chronos tool run as a process on SQLite files: commands, JSON output, exit codes, errors.</summary>
public sealed class CliCommandTests : IAsyncLifetime
{
    private readonly Workspace _workspace = new();

    public Task InitializeAsync()
    {
        _workspace.WriteYaml("""
            agents:
              - id: dev
                storage: { backend: sqlite, dsn: dev.db }
              - id: copy
                storage: { backend: sqlite, dsn: copy.db }
            """);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _workspace.DisposeAsync().AsTask();

    [Fact]
    public async Task ADryRunPrintsThePlanAndChangesNothingThenMigrateCreatesTheSchema()
    {
        var plan = await Run("migrate", "--agent", "dev", "--dry-run", "--json");
        Assert.Equal(0, plan.ExitCode);
        var rows = JsonDocument.Parse(plan.Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(6, rows.Count);
        Assert.Contains(rows, r => r.GetProperty("entity").GetString() == "AuditLog" && r.GetProperty("plan").GetString() == "create at version 2");
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("stored_version").ValueKind));

        Assert.Equal(1, (await Run("status", "--agent", "dev")).ExitCode);   // still not migrated: the dry run changed nothing

        var migrated = await Run("migrate", "--agent", "dev", "--json");
        Assert.Equal(0, migrated.ExitCode);
        Assert.Contains(JsonDocument.Parse(migrated.Stdout).RootElement.EnumerateArray(), r => r.GetProperty("result").GetString() == "created at version 2");

        var status = await Run("status", "--agent", "dev", "--json");
        Assert.Equal(0, status.ExitCode);
        var row = Assert.Single(JsonDocument.Parse(status.Stdout).RootElement.EnumerateArray());
        Assert.Equal("sqlite", row.GetProperty("backend").GetString());
        Assert.StartsWith("current (Session v1", row.GetProperty("schema").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidYamlExitsWith3NamingFileLineAndColumn()
    {
        _workspace.WriteYaml("""
            agents:
              - id: dev
                storage: { bakend: sqlite, dsn: dev.db }
            """);
        var result = await Run("status");
        Assert.Equal(3, result.ExitCode);
        Assert.Matches(@"chronos\.yaml:3:\d+", result.Stderr);
        Assert.Contains("bakend", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout.Trim());
    }

    [Fact]
    public async Task UsageErrorsExitWith2()
    {
        Assert.Equal(2, (await Run("no-such-command")).ExitCode);
        Assert.Equal(2, (await Run("sessions", "list")).ExitCode);   // --agent is required
    }

    [Fact]
    public async Task SessionsListShowAndTailReadWhatTheLibraryWrote()
    {
        await Seed.SqliteAsync(_workspace.PathOf("dev.db"), "dev", sessions: 2, eventsPerSession: 3);

        var list = await Run("sessions", "list", "--agent", "dev", "--json");
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(["s01", "s00"], JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        var show = await Run("session", "show", "s00", "--agent", "dev", "--json");
        Assert.Equal(0, show.ExitCode);
        var session = JsonDocument.Parse(show.Stdout).RootElement;
        Assert.Equal(0, session.GetProperty("session").GetProperty("metadata").GetProperty("n").GetInt32());
        Assert.Equal([1L, 2L, 3L], session.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("seq_num").GetInt64()));
        Assert.Equal("message 2 of s00", session.GetProperty("events")[1].GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal(3, session.GetProperty("checkpoints")[0].GetProperty("state").GetProperty("step").GetInt32());
        Assert.Equal("s00-t1", session.GetProperty("traces").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "tool").GetProperty("parent_id").GetString());

        var table = await Run("session", "show", "s00", "--agent", "dev");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("s00-e000002", table.Stdout, StringComparison.Ordinal);

        var tail = await Run("events", "tail", "s01", "--agent", "dev", "--after", "1", "--json");
        Assert.Equal(0, tail.ExitCode);
        var lines = tail.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([2L, 3L], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("seq_num").GetInt64()));

        // status counts every entity, not only sessions: 2 sessions x (3 events, 1 checkpoint, 2 spans, 1 audit entry), 1 memory record.
        var status = await Run("status", "--agent", "dev", "--json");
        Assert.Equal(0, status.ExitCode);
        var counts = Assert.Single(JsonDocument.Parse(status.Stdout).RootElement.EnumerateArray());
        Assert.Equal([2L, 1L, 2L, 4L, 2L, 6L],
            new[] { "sessions", "memory_records", "audit_logs", "traces", "checkpoints", "events" }.Select(c => counts.GetProperty(c).GetInt64()));

        var missing = await Run("session", "show", "nope", "--agent", "dev");
        Assert.Equal(6, missing.ExitCode);
        Assert.Contains("session 'nope' not found", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowingATailPrintsEventsAppendedLater()
    {
        await Seed.SqliteAsync(_workspace.PathOf("dev.db"), "dev", sessions: 1, eventsPerSession: 1);
        using var follower = ChronosTool.Start(_workspace.Directory, "events", "tail", "s00", "--agent", "dev", "--follow", "--interval-ms", "100", "--json");
        try
        {
            Assert.Equal(1, JsonDocument.Parse(await follower.StandardOutput.ReadLineAsync() ?? "null").RootElement.GetProperty("seq_num").GetInt64());
            await using (var storage = await Chronos.Storage.Sqlite.SqliteStorage.OpenAsync(_workspace.PathOf("dev.db")))
            {
                await storage.AppendEventAsync(new Chronos.Storage.Event { Id = "later", SessionId = "s00", Type = "note" });
            }
            var next = await follower.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("later", JsonDocument.Parse(next!).RootElement.GetProperty("id").GetString());
        }
        finally
        {
            follower.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task ExportThenImportTwiceGivesTheSameStateAsTheSource()
    {
        await Seed.SqliteAsync(_workspace.PathOf("dev.db"), "dev", sessions: 3, eventsPerSession: 5);

        var export = await Run("export", "--agent", "dev", "--output", "dev.jsonl");
        Assert.Equal(0, export.ExitCode);
        var lines = await File.ReadAllLinesAsync(_workspace.PathOf("dev.jsonl"));
        // 3 sessions, 1 memory record, 3 audit logs, 6 traces, 3 checkpoints, 15 events.
        Assert.Equal(31, lines.Length);
        Assert.Equal("Session", JsonDocument.Parse(lines[0]).RootElement.GetProperty("entity").GetString());

        for (var i = 0; i < 2; i++)
        {
            var import = await Run("import", "--agent", "copy", "--input", "dev.jsonl");
            Assert.True(import.ExitCode == 0, import.Stderr);
            Assert.Contains("imported 31 records", import.Stdout, StringComparison.Ordinal);
        }

        // The copy's verification compares counts and a checksum per entity: nothing differs, nothing to copy.
        var verify = await Run("copy", "--from", "dev", "--to", "copy", "--json");
        Assert.True(verify.ExitCode == 0, verify.Stderr);
        Assert.All(JsonDocument.Parse(verify.Stdout).RootElement.EnumerateArray(), r => Assert.Equal("ok", r.GetProperty("result").GetString()));
    }

    [Fact]
    public async Task OnATerminalCopyDrawsALiveProgressBarAndOnARedirectedOutputPlainLines()
    {
        await Seed.SqliteAsync(_workspace.PathOf("dev.db"), "dev", sessions: 2, eventsPerSession: 50);

        // script(1) gives the tool a pseudo-terminal (stdin, stdout and stderr), as a person's shell would.
        var terminal = await ChronosTool.RunInTerminalAsync(_workspace.Directory, "copy", "--from", "dev", "--to", "copy");
        Assert.True(terminal.ExitCode == 0, terminal.Stdout);
        Assert.Contains("━", terminal.Stdout, StringComparison.Ordinal);   // Spectre.Console's bar
        Assert.Contains("100%", terminal.Stdout, StringComparison.Ordinal);
        Assert.Contains("100/100 events", terminal.Stdout, StringComparison.Ordinal);
        Assert.Contains("/s", terminal.Stdout, StringComparison.Ordinal);

        var redirected = await Run("copy", "--from", "dev", "--to", "copy");
        Assert.Equal(0, redirected.ExitCode);
        Assert.DoesNotContain("━", redirected.Stderr, StringComparison.Ordinal);
        Assert.Contains("100/100 events", redirected.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnImportLineThatIsNotARecordFailsNamingFileAndLine()
    {
        await File.WriteAllTextAsync(_workspace.PathOf("bad.jsonl"),
            "{\"entity\":\"MemoryRecord\",\"record\":{\"id\":\"m\",\"session_id\":\"\",\"agent_id\":\"a\",\"user_id\":\"\",\"kind\":\"long_term\",\"key\":\"k\",\"value\":1,\"created_at\":\"2026-01-01T00:00:00.000000Z\"}}\n" +
            "{\"entity\":\"Nope\",\"record\":{}}\n");
        var result = await Run("import", "--agent", "copy", "--input", "bad.jsonl");
        Assert.Equal(10, result.ExitCode);
        Assert.Contains("bad.jsonl:2: unknown entity 'Nope'", result.Stderr, StringComparison.Ordinal);
    }

    private Task<ChronosTool.Result> Run(params string[] arguments) => ChronosTool.RunAsync(_workspace.Directory, arguments);
}
