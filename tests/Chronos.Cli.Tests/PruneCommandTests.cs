using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage;
using Chronos.Storage.Conformance;
using Chronos.Storage.Postgres;
using Chronos.Storage.Sqlite;

namespace Chronos.Cli.Tests;

/// <summary><c>chronos prune</c> run as a process on SQLite and PostgreSQL: dry-run counts, the real run, a second run, errors.</summary>
public sealed class PruneCommandTests : IAsyncLifetime
{
    // sessions 30d (by UpdatedAt), events 7d (ledger prefix, never the last), checkpoints: newest 1 stays, others older
    // than 14d go, short-term memory 24h, audit logs 365d.
    private const string Retention = "{ sessions: 30d, events: 7d, checkpoints: { keep_latest: 1, max_age: 14d }, short_term_memory: 24h, audit_logs: 365d }";

    private static readonly string[] Entities = ["sessions", "events", "checkpoints", "short_term_memory", "audit_logs"];

    // What SeedAsync leaves expired: the old session; 3 old events of the new session's 4; 2 old checkpoints of its 3;
    // 1 short-term memory; 1 audit log.
    private static readonly long[] Expired = [1, 3, 2, 1, 1];

    private readonly Workspace _workspace = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _workspace.DisposeAsync().AsTask();

    [Fact]
    public Task SqliteDryRunCountsThenPruneRemovesExactlyThoseThenNothing() =>
        DryRunThenPruneThenNothingAsync("sqlite", "dev.db", () => SqliteStorage.OpenAsync(_workspace.PathOf("dev.db")).ContinueWith(t => (IStorage)t.Result, TaskScheduler.Default));

    [ServerFact(TestServers.Postgres)]
    public async Task PostgresDryRunCountsThenPruneRemovesExactlyThoseThenNothing()
    {
        var dsn = await _workspace.PostgresSchemaAsync();
        await DryRunThenPruneThenNothingAsync("postgres", $"\"{dsn}\"", async () => await PostgresStorage.OpenAsync(dsn));
    }

    private async Task DryRunThenPruneThenNothingAsync(string backend, string dsn, Func<Task<IStorage>> open)
    {
        _workspace.WriteYaml($"""
            agents:
              - id: dev
                storage: {"{"} backend: {backend}, dsn: {dsn} {"}"}
                retention: {Retention}
              - id: plain
                storage: {"{"} backend: {backend}, dsn: {dsn} {"}"}
            """);
        await using (var storage = await open()) await SeedAsync(storage, "dev");
        var before = await CountAsync(open, "dev");

        var dryRun = await Run("prune", "--dry-run", "--json");
        Assert.Equal(0, dryRun.ExitCode);
        var line = Assert.Single(JsonLines(dryRun.Stdout));   // 'plain' has no policy: skipped, named on stderr
        Assert.Equal("dev", line.GetProperty("agent").GetString());
        Assert.True(line.GetProperty("dry_run").GetBoolean());
        Assert.Equal(Expired, Counts(line));
        Assert.Contains("'plain' has no retention policy", dryRun.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(open, "dev"));   // read back: the dry run removed nothing

        var pruned = await Run("prune", "--agent", "dev", "--json");
        Assert.Equal(0, pruned.ExitCode);
        var removed = Assert.Single(JsonLines(pruned.Stdout));
        Assert.False(removed.GetProperty("dry_run").GetBoolean());
        Assert.Equal(Expired, Counts(removed));
        // The old session went with its 2 events and checkpoint (cascade, counted as the session).
        Assert.Equal([before[0] - 1, before[1] - 3 - 2, before[2] - 2 - 1, before[3] - 1, before[4] - 1], await CountAsync(open, "dev"));

        var again = await Run("prune", "--agent", "dev", "--json");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(new long[5], Counts(Assert.Single(JsonLines(again.Stdout))));

        var table = await Run("prune", "--agent", "dev", "--dry-run");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("would remove", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("short_term_memory", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamingAnAgentWithoutAPolicyExitsWith3()
    {
        _workspace.WriteYaml("""
            agents:
              - id: plain
                storage: { backend: sqlite, dsn: plain.db }
            """);
        var result = await Run("prune", "--agent", "plain");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("'plain' has no retention policy", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout.Trim());
    }

    [Fact]
    public async Task ABadRetentionIsReportedAtFileLineAndColumn()
    {
        _workspace.WriteYaml("""
            agents:
              - id: dev
                storage: { backend: sqlite, dsn: dev.db }
                retention: { sessions: 30days }
            """);
        var result = await Run("prune", "--dry-run");
        Assert.Equal(3, result.ExitCode);
        Assert.Matches(@"chronos\.yaml:4:\d+", result.Stderr);
        Assert.Contains("30days", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout.Trim());

        _workspace.WriteYaml("""
            agents:
              - id: dev
                storage: { backend: sqlite, dsn: dev.db }
                retention: { sesions: 30d }
            """);
        var misspelt = await Run("prune");
        Assert.Equal(3, misspelt.ExitCode);
        Assert.Matches(@"chronos\.yaml:4:\d+", misspelt.Stderr);
        Assert.Contains("sessions", misspelt.Stderr, StringComparison.Ordinal);   // the nearest valid key
    }

    /// <summary>Old and new records of every kind, with times set in the past as the library stores them.</summary>
    private static async Task SeedAsync(IStorage storage, string agent)
    {
        await storage.MigrateAsync();
        var now = DateTime.UtcNow;
        await storage.CreateSessionAsync(new Session { Id = "old", AgentId = agent, CreatedAt = now.AddDays(-60), UpdatedAt = now.AddDays(-60) });
        await storage.AppendEventAsync(new Event { Id = "old-e1", SessionId = "old", Type = EventType.ChatMessage, CreatedAt = now.AddDays(-60), Payload = new JsonObject() });
        await storage.AppendEventAsync(new Event { Id = "old-e2", SessionId = "old", Type = EventType.ChatMessage, CreatedAt = now.AddDays(-60), Payload = new JsonObject() });
        await storage.SaveCheckpointAsync(new Checkpoint { Id = "old-cp", SessionId = "old", SeqNum = 2, CreatedAt = now.AddDays(-60), State = new JsonObject() });

        await storage.CreateSessionAsync(new Session { Id = "new", AgentId = agent, CreatedAt = now.AddDays(-20), UpdatedAt = now.AddHours(-1) });
        for (var e = 1; e <= 3; e++)
        {
            await storage.AppendEventAsync(new Event { Id = $"new-e{e}", SessionId = "new", Type = EventType.ChatMessage, CreatedAt = now.AddDays(-10).AddMinutes(e), Payload = new JsonObject() });
        }
        await storage.AppendEventAsync(new Event { Id = "new-e4", SessionId = "new", Type = EventType.ChatMessage, CreatedAt = now.AddHours(-1), Payload = new JsonObject() });
        await storage.SaveCheckpointAsync(new Checkpoint { Id = "new-cp1", SessionId = "new", SeqNum = 1, CreatedAt = now.AddDays(-20), State = new JsonObject() });
        await storage.SaveCheckpointAsync(new Checkpoint { Id = "new-cp2", SessionId = "new", SeqNum = 2, CreatedAt = now.AddDays(-19), State = new JsonObject() });
        await storage.SaveCheckpointAsync(new Checkpoint { Id = "new-cp3", SessionId = "new", SeqNum = 4, CreatedAt = now.AddHours(-1), State = new JsonObject() });

        await storage.PutMemoryAsync(new MemoryRecord { Id = "st-old", AgentId = agent, Key = "st-old", Kind = MemoryKind.ShortTerm, SessionId = "new", CreatedAt = now.AddDays(-2), Value = JsonValue.Create(1) });
        await storage.PutMemoryAsync(new MemoryRecord { Id = "st-new", AgentId = agent, Key = "st-new", Kind = MemoryKind.ShortTerm, SessionId = "new", CreatedAt = now.AddHours(-1), Value = JsonValue.Create(2) });
        await storage.PutMemoryAsync(new MemoryRecord { Id = "lt-old", AgentId = agent, Key = "lt-old", Kind = MemoryKind.LongTerm, CreatedAt = now.AddDays(-400), Value = JsonValue.Create(3) });

        await storage.InsertAuditLogAsync(new AuditLog { Id = "a-old", AgentId = agent, Actor = "u", Action = "x", Resource = "r", CreatedAt = now.AddDays(-400) });
        await storage.InsertAuditLogAsync(new AuditLog { Id = "a-new", AgentId = agent, Actor = "u", Action = "x", Resource = "r", CreatedAt = now.AddDays(-1) });
    }

    /// <summary>Sessions, events, checkpoints, short-term memories and audit logs of the agent, read through the library.</summary>
    private static async Task<long[]> CountAsync(Func<Task<IStorage>> open, string agent)
    {
        await using var storage = await open();
        var sessions = await storage.ListSessionsAsync(agent, 1000);
        long events = 0, checkpoints = 0;
        foreach (var session in sessions)
        {
            events += (await storage.ListEventsAsync(session.Id)).Count;
            checkpoints += (await storage.ListCheckpointsAsync(session.Id, 1000)).Count;
        }
        return [sessions.Count, events, checkpoints, (await storage.ListMemoryAsync(agent, MemoryKind.ShortTerm)).Count, (await storage.ListAuditLogsAsync(agent, 1000)).Count];
    }

    private static long[] Counts(JsonElement line) => Entities.Select(e => line.GetProperty(e).GetInt64()).ToArray();

    private static List<JsonElement> JsonLines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    private Task<ChronosTool.Result> Run(params string[] arguments) => ChronosTool.RunAsync(_workspace.Directory, arguments);
}
