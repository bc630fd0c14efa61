using Chronos.Storage.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chronos.Storage.Extensions.DependencyInjection;

/// <summary>
/// Runs <see cref="IStorage.PruneAsync"/> for every agent listed in the configuration with a <c>retention:</c> policy
/// (its own or the defaults), at start-up and then every <see cref="ChronosRetentionOptions.Interval"/>. Agents not
/// listed are not known to it; prune them with <see cref="IStorage.PruneAsync"/>. A failed sweep of one agent is logged
/// and the others still run: pruning is safe to repeat, so the next sweep takes up what this one missed. Several
/// processes may run it against one store at once.
/// </summary>
public sealed class ChronosRetentionSweeper : BackgroundService
{
    private readonly IServiceProvider _services;
    private readonly ChronosRetentionOptions _options;
    private readonly ILogger _logger;

    /// <summary>Created by the container.</summary>
    public ChronosRetentionSweeper(IServiceProvider services, ChronosRetentionOptions options, ILogger<ChronosRetentionSweeper>? logger = null)
    {
        _services = services;
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled) return;
        var agents = _services.GetRequiredService<ChronosConfig>().Agents
            .Where(agent => agent.Retention is { IsEmpty: false })
            .ToList();
        if (agents.Count == 0) return;
        try
        {
            while (true)
            {
                await SweepAsync(agents, stoppingToken).ConfigureAwait(false);
                await Task.Delay(_options.Interval, _options.TimeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task SweepAsync(List<AgentSettings> agents, CancellationToken stoppingToken)
    {
        foreach (var agent in agents)
        {
            try
            {
                var store = _services.GetRequiredKeyedService<IStorage>(agent.Id);
                var report = await store.PruneAsync(agent.Id, agent.Retention!, dryRun: false, stoppingToken).ConfigureAwait(false);
                _logger.LogInformation(
                    "Retention for agent {AgentId}: removed {Sessions} sessions, {Events} events, {Checkpoints} checkpoints, {ShortTermMemory} short-term memories, {AuditLogs} audit logs",
                    agent.Id, report.Sessions, report.Events, report.Checkpoints, report.ShortTermMemory, report.AuditLogs);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                _logger.LogError(e, "Retention sweep for agent {AgentId} failed; the next sweep retries", agent.Id);
            }
        }
    }
}
