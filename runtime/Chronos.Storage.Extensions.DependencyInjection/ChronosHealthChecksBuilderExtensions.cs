using Chronos.Storage.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Health checks for the stores <c>AddChronosStorage</c> registers: <c>services.AddHealthChecks().AddChronosStorage("agent")</c>,
/// or everything for a list of agents with <see cref="AddChronosHealthChecks"/>.
/// </summary>
public static class ChronosHealthChecksBuilderExtensions
{
    /// <summary>
    /// Checks the agent's storage (named <c>chronos-storage:{agentId}</c> unless <paramref name="name"/> says otherwise):
    /// it opens, the server answers, and its schema is at the version this build expects.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="agentId">The agent whose keyed <c>IStorage</c> is checked.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">Reported on failure; Unhealthy when null.</param>
    /// <param name="tags">Tags to filter checks by (e.g. <c>ready</c>).</param>
    /// <param name="timeout">How long the check may take; 10 s when null.</param>
    public static IHealthChecksBuilder AddChronosStorage(this IHealthChecksBuilder builder, string agentId, string? name = null,
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        return builder.Add(new HealthCheckRegistration(name ?? $"chronos-storage:{agentId}",
            provider => new ChronosStorageHealthCheck(provider, agentId), failureStatus, tags, timeout ?? DefaultTimeout));
    }

    /// <summary>Checks the agent's vector store (named <c>chronos-vector:{agentId}</c>): the service answers.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="agentId">The agent whose keyed <c>IVectorStore</c> is checked.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">Reported on failure; Unhealthy when null.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <param name="timeout">How long the check may take; 10 s when null.</param>
    public static IHealthChecksBuilder AddChronosVectorStore(this IHealthChecksBuilder builder, string agentId, string? name = null,
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        return builder.Add(new HealthCheckRegistration(name ?? $"chronos-vector:{agentId}",
            provider => new ChronosVectorStoreHealthCheck(provider, agentId), failureStatus, tags, timeout ?? DefaultTimeout));
    }

    /// <summary>
    /// Registers the health check service and a storage check for each of <paramref name="agentIds"/> (plus a vector
    /// check for those in <paramref name="vectorAgentIds"/>); call after <c>AddChronosStorage</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="agentIds">Agents whose storage is checked.</param>
    /// <param name="vectorAgentIds">Agents whose vector store is checked; none when null.</param>
    public static IHealthChecksBuilder AddChronosHealthChecks(this IServiceCollection services, IEnumerable<string> agentIds, IEnumerable<string>? vectorAgentIds = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(agentIds);
        var builder = services.AddHealthChecks();
        foreach (var agentId in agentIds) builder.AddChronosStorage(agentId);
        foreach (var agentId in vectorAgentIds ?? []) builder.AddChronosVectorStore(agentId);
        return builder;
    }

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
}
