using System.Text.Json;
using Chronos.Agents;
using Chronos.Storage;
using Microsoft.Agents.AI;
using Microsoft.Agents.AI.Workflows.Checkpointing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the Microsoft Agent Framework stores of <c>Chronos.Agents</c> for one agent id, on that agent's keyed
/// <see cref="IStorage"/> (register it with <c>AddChronosStorage(...)</c> from Chronos.Storage.Extensions.DependencyInjection).
/// </summary>
public static class ChronosAgentStoresServiceCollectionExtensions
{
    /// <summary>
    /// Registers, keyed by <paramref name="agentId"/>, singletons over <c>[FromKeyedServices(agentId)] IStorage</c>:
    /// a <see cref="ChronosChatHistoryProvider"/> (also as <see cref="ChatHistoryProvider"/>), a
    /// <see cref="ChronosAgentSessionStore"/> (also as <see cref="AgentSessionStore"/>) and a JSON
    /// <see cref="ChronosCheckpointStore{TStoreObject}"/> (also as <see cref="ICheckpointStore{TStoreObject}"/> of
    /// <see cref="JsonElement"/>, for <c>CheckpointManager.CreateJson</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="agentId">The agent id: the key of the <see cref="IStorage"/> used and of the services registered.</param>
    /// <param name="configure">Optional per-component options.</param>
    public static IServiceCollection AddChronosAgentStores(this IServiceCollection services, string agentId, Action<ChronosAgentStoresOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        var options = new ChronosAgentStoresOptions();
        configure?.Invoke(options);

        services.AddKeyedSingleton(agentId, (provider, key) => new ChronosChatHistoryProvider(Storage(provider, key), options.ChatHistory));
        services.AddKeyedSingleton<ChatHistoryProvider>(agentId, static (provider, key) => provider.GetRequiredKeyedService<ChronosChatHistoryProvider>(key));
        // MAF marks AgentSessionStore experimental (MAAI001); ChronosAgentSessionStore carries the same mark, so an
        // application resolving it opts in where it uses the type. Registering it here is not a use of its API.
#pragma warning disable MAAI001
        services.AddKeyedSingleton(agentId, (provider, key) => new ChronosAgentSessionStore(Storage(provider, key), options.Sessions));
        services.AddKeyedSingleton<AgentSessionStore>(agentId, static (provider, key) => provider.GetRequiredKeyedService<ChronosAgentSessionStore>(key));
#pragma warning restore MAAI001
        services.AddKeyedSingleton(agentId, (provider, key) => ChronosCheckpointStore.CreateJson(Storage(provider, key), options.CheckpointScope ?? agentId));
        services.AddKeyedSingleton<ICheckpointStore<JsonElement>>(agentId, static (provider, key) => provider.GetRequiredKeyedService<ChronosCheckpointStore<JsonElement>>(key));
        return services;
    }

    private static IStorage Storage(IServiceProvider provider, object? key) => provider.GetRequiredKeyedService<IStorage>(key);
}
