using System.CommandLine;
using Chronos.Storage;
using Spectre.Console;

namespace Chronos.Cli;

/// <summary>
/// <c>chronos prune [--agent A] [--dry-run]</c>: applies each agent's <c>retention:</c> policy from chronos.yaml through
/// <see cref="IStorage.PruneAsync"/> (the one implementation every backend shares) and prints what went, or with
/// <c>--dry-run</c> what would go, per entity.
/// </summary>
internal static class PruneCommand
{
    private static readonly string[] Entities = ["sessions", "events", "checkpoints", "short_term_memory", "audit_logs"];

    /// <summary>The command, run through <paramref name="run"/> (Program's one place that maps failures to exit codes).</summary>
    public static Command Create(Func<ParseResult, CancellationToken, Func<CliContext, Task<int>>, Task<int>> run)
    {
        var agent = new Option<string?>("--agent", "-a")
        {
            Description = "The agent to prune (default: every agent in chronos.yaml that has a retention policy; naming one without a policy exits with 3).",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Count per agent and entity what would be removed; remove nothing." };
        var command = new Command("prune", "Remove what each agent's retention policy (retention: in chronos.yaml) says has expired.") { agent, dryRun };
        command.SetAction((parse, ct) => run(parse, ct, cli => PruneAsync(cli, parse.GetValue(agent), parse.GetValue(dryRun), ct)));
        return command;
    }

    /// <summary>
    /// Prunes the named agent, or every listed agent with a policy. An agent without one is skipped with a line on
    /// stderr; named explicitly, it is a configuration error (exit 3), because the file does not say what to remove.
    /// </summary>
    public static async Task<int> PruneAsync(CliContext cli, string? agentId, bool dryRun, CancellationToken ct)
    {
        foreach (var agent in cli.Agents(agentId))
        {
            var policy = cli.Config.GetRetention(agent);
            if (policy is null || policy.IsEmpty)
            {
                var message = $"{cli.Config.SourceName}: agent '{agent}' has no retention policy (retention: under defaults or the agent)";
                if (agentId is not null) throw new StorageConfigurationException(message + "; nothing to prune.");
                Output.Error.WriteLine(message + "; skipped.");
                continue;
            }
            // Pruning removes records but never changes a schema: a store that is not migrated is reported, not created.
            await using var storage = await cli.OpenAsync(agent, migrate: false, ct);
            var report = await storage.PruneAsync(agent, policy, dryRun, ct);
            Write(cli.Output, agent, report);
        }
        return ExitCodes.Ok;
    }

    private static void Write(Output output, string agent, PruneReport report)
    {
        long[] counts = [report.Sessions, report.Events, report.Checkpoints, report.ShortTermMemory, report.AuditLogs];
        if (output.Json)
        {
            // JSON lines, one per agent, so several agents' reports can be piped and read as they come.
            Output.WriteJsonLine(["agent", "dry_run", .. Entities], [agent, report.DryRun, .. counts.Cast<object?>()]);
            return;
        }
        output.Table(report.DryRun ? $"prune {agent} (dry run: nothing removed)" : $"prune {agent}",
            ["entity", report.DryRun ? "would remove" : "removed"],
            Entities.Select((entity, i) => new object?[] { entity, counts[i] }));
    }
}
