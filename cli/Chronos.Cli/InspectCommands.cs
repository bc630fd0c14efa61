using Spectre.Console;
using Chronos.Storage;
using Chronos.Storage.Providers;


namespace Chronos.Cli;

/// <summary><c>migrate</c>, <c>status</c>, <c>sessions list</c>, <c>session show</c>, <c>events tail</c>.</summary>
internal static class InspectCommands
{
    public static async Task<int> MigrateAsync(CliContext cli, string? agentId, bool dryRun, CancellationToken ct)
    {
        var rows = new List<object?[]>();
        var refused = false;
        foreach (var agent in cli.Agents(agentId))
        {
            var settings = cli.Config.GetStorageSettings(agent);
            await using var storage = await cli.OpenAsync(agent, migrate: false, ct);
            var before = await VersionsAsync(storage, ct);
            if (before is null)
            {
                if (!dryRun) await storage.MigrateAsync(ct);
                rows.Add([agent, settings.Backend, "*", null, null, dryRun ? "unknown: the backend does not report versions; migrate applies what is pending" : "migrated"]);
                continue;
            }
            var newer = before.Any(s => s.IsNewerThanCode);
            refused |= newer;
            if (!dryRun && !newer && before.Any(s => s.NeedsMigration)) await storage.MigrateAsync(ct);
            foreach (var status in before)
            {
                rows.Add([agent, settings.Backend, status.Entity, status.StoredVersion, status.CodeVersion, Describe(status, dryRun || newer)]);
            }
        }
        cli.Output.Table(dryRun ? "migration plan (dry run: nothing changed)" : "migration",
            ["agent", "backend", "entity", "stored_version", "code_version", dryRun ? "plan" : "result"], rows);
        return refused ? ExitCodes.Schema : ExitCodes.Ok;
    }

    /// <summary>What migrating does (<paramref name="planOnly"/>) or did to one entity's store.</summary>
    private static string Describe(SchemaVersionStatus status, bool planOnly) => status switch
    {
        { IsNewerThanCode: true } => $"refused: the store is at version {status.StoredVersion}, newer than this tool's {status.CodeVersion}; upgrade the tool",
        { StoredVersion: null } => planOnly ? $"create at version {status.CodeVersion}" : $"created at version {status.CodeVersion}",
        { PendingStep: { } step } when status.StoredVersion == status.CodeVersion => planOnly ? $"apply: {step}" : $"applied: {step}",
        { NeedsMigration: true } => planOnly ? $"migrate {status.StoredVersion} -> {status.CodeVersion}" : $"migrated {status.StoredVersion} -> {status.CodeVersion}",
        _ => "up to date",
    };

    private static async Task<IReadOnlyList<SchemaVersionStatus>?> VersionsAsync(IStorage storage, CancellationToken ct) =>
        storage is StorageEngine { ReportsSchemaVersions: true } engine ? await engine.GetSchemaVersionsAsync(ct) : null;

    public static async Task<int> StatusAsync(CliContext cli, string? agentId, CancellationToken ct)
    {
        var rows = new List<object?[]>();
        var healthy = true;
        foreach (var agent in cli.Agents(agentId))
        {
            var settings = cli.Config.GetStorageSettings(agent);
            await using var storage = await cli.OpenAsync(agent, migrate: false, ct);
            var versions = await VersionsAsync(storage, ct);
            string schema;
            if (versions is null) schema = "not reported by this backend";
            else if (versions.All(v => v.IsCurrent)) schema = "current (" + string.Join(", ", versions.Select(v => $"{v.Entity} v{v.CodeVersion}")) + ")";
            else
            {
                healthy = false;
                schema = string.Join("; ", versions.Where(v => !v.IsCurrent));
            }
            // Counted only where every entity's store exists (a never-migrated store has nothing to count, and reading it would fail).
            var counts = versions is null || versions.All(v => v.StoredVersion is not null) ? await EntityCounts.OfAsync(storage, agent, ct) : new EntityCounts();
            rows.Add([agent, settings.Backend, DsnRedactor.Redact(settings.Dsn), schema, .. AgentState.Entities.Select(e => (object?)counts.Count(e))]);
        }
        cli.Output.Table("chronos status", ["agent", "backend", "dsn", "schema", .. AgentState.Entities.Select(CountColumn)], rows);
        return healthy ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }

    /// <summary>The column of an entity's count: <c>sessions</c>, <c>memory_records</c>, <c>audit_logs</c>, ...</summary>
    private static string CountColumn(string entity) =>
        string.Concat(entity.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString())) + "s";

    public static async Task<int> ListSessionsAsync(CliContext cli, string agentId, int limit, int offset, CancellationToken ct)
    {
        await using var storage = await cli.OpenAsync(agentId, migrate: false, ct);
        var sessions = await storage.ListSessionsAsync(agentId, limit, offset, ct);
        cli.Output.Table($"sessions of {agentId}", ["id", "agent_id", "user_id", "status", "created_at", "updated_at", "version"],
            sessions.Select(s => new object?[] { s.Id, s.AgentId, s.UserId, s.Status, s.CreatedAt, s.UpdatedAt, s.Version }));
        return ExitCodes.Ok;
    }

    public static async Task<int> ShowSessionAsync(CliContext cli, string agentId, string sessionId, CancellationToken ct)
    {
        await using var storage = await cli.OpenAsync(agentId, migrate: false, ct);
        var session = await storage.GetSessionAsync(sessionId, ct);
        if (session is null)
        {
            Output.Error.MarkupLine($"[red]session '{Spectre.Console.Markup.Escape(sessionId)}' not found for agent '{Spectre.Console.Markup.Escape(agentId)}'[/]");
            return ExitCodes.NotFound;
        }
        var events = await storage.ListEventsAsync(sessionId, 0, ct);
        var checkpoints = await storage.ListCheckpointsAsync(sessionId, 1000, 0, ct);
        var traces = await storage.ListTracesAsync(sessionId, ct);
        if (cli.Output.Json)
        {
            Output.WriteJson(writer =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("session");
                Output.WriteObject(writer, ["id", "agent_id", "user_id", "status", "metadata", "created_at", "updated_at", "version"],
                    [session.Id, session.AgentId, session.UserId, session.Status, RawJson.Of(session.Metadata), session.CreatedAt, session.UpdatedAt, session.Version]);
                writer.WriteStartArray("events");
                foreach (var e in events) Output.WriteObject(writer, EventColumns, EventRow(e));
                writer.WriteEndArray();
                writer.WriteStartArray("checkpoints");
                foreach (var c in checkpoints) Output.WriteObject(writer, ["id", "seq_num", "created_at", "state"], [c.Id, c.SeqNum, c.CreatedAt, RawJson.Of(c.State)]);
                writer.WriteEndArray();
                writer.WriteStartArray("traces");
                foreach (var t in traces) Output.WriteObject(writer, TraceColumns, TraceRow(t));
                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }
        cli.Output.Record($"session {session.Id}", ["agent", "user", "status", "created", "updated", "version", "events", "checkpoints", "traces"],
            [session.AgentId, session.UserId, session.Status, session.CreatedAt, session.UpdatedAt, session.Version, events.Count, checkpoints.Count, traces.Count]);
        cli.Output.Table("ledger", EventColumns, events.Select(EventRow));
        cli.Output.Table("checkpoints", ["id", "seq_num", "created_at"], checkpoints.Select(c => new object?[] { c.Id, c.SeqNum, c.CreatedAt }));
        cli.Output.Table("traces", TraceColumns, traces.Select(TraceRow));
        return ExitCodes.Ok;
    }

    public static async Task<int> TailEventsAsync(CliContext cli, string agentId, string sessionId, long after, bool follow, TimeSpan interval, CancellationToken ct)
    {
        await using var storage = await cli.OpenAsync(agentId, migrate: false, ct);
        do
        {
            var events = await storage.ListEventsAsync(sessionId, after, ct);
            foreach (var e in events)
            {
                if (cli.Output.Json)
                {
                    // JSON lines: one event per line, so a follower can be piped.
                    Output.WriteJsonLine(EventColumns, EventRow(e));
                }
                else
                {
                    Console.WriteLine($"{e.SeqNum,6}  {e.CreatedAt:yyyy-MM-dd HH:mm:ss.ffffff}Z  {e.Type,-16} {e.Id}  {e.Payload?.ToJsonString()}");
                }
                after = e.SeqNum;
            }
            if (follow) await Task.Delay(interval, ct);
        }
        while (follow);
        return ExitCodes.Ok;
    }

    private static readonly string[] EventColumns = ["seq_num", "id", "type", "created_at", "payload"];

    private static object?[] EventRow(Event e) => [e.SeqNum, e.Id, e.Type, e.CreatedAt, RawJson.Of(e.Payload)];

    private static readonly string[] TraceColumns = ["id", "parent_id", "name", "kind", "started_at", "ended_at", "error"];

    private static object?[] TraceRow(Trace t) => [t.Id, t.ParentId, t.Name, t.Kind, t.StartedAt, t.EndedAt, t.Error];
}
