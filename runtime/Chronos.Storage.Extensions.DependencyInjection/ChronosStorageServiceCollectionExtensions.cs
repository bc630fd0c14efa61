using Chronos.Storage;
using Chronos.Storage.Configuration;
using Chronos.Storage.Extensions.DependencyInjection;
using Chronos.Storage.Vectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers Chronos storage per agent id: <c>[FromKeyedServices("agent-id")] IStorage</c>, and the agent's vector
/// store, <c>[FromKeyedServices("agent-id")] IVectorStore</c>, when its configuration has a <c>vector:</c> section.
/// </summary>
public static class ChronosStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="ChronosConfig"/> read from a YAML file, and an <see cref="IStorage"/> and an
    /// <see cref="IVectorStore"/> keyed by agent id (listed agents, and any other id through the defaults). Each store
    /// is opened (storage migrated unless configured otherwise) on first resolution, is a singleton per agent id, and
    /// is disposed with the container: dispose the provider with <c>DisposeAsync</c>, since stores are asynchronously
    /// disposable. A <see cref="ChronosRetentionSweeper"/> is registered as a hosted service: it prunes the listed
    /// agents that have a <c>retention:</c> policy (see <see cref="ChronosRetentionOptions"/>). Resolving a vector store for an agent without a <c>vector:</c> section throws
    /// <see cref="StorageConfigurationException"/>.
    /// </summary>
    /// <exception cref="StorageConfigurationException">On first resolution, when the file is invalid.</exception>
    public static IServiceCollection AddChronosStorage(this IServiceCollection services, string yamlPath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(yamlPath);
        return services.AddChronosStorage(provider => ChronosConfig.Load(yamlPath, Options(provider)));
    }

    /// <summary>
    /// Like <see cref="AddChronosStorage(IServiceCollection, string)"/>, from a configuration section shaped like the
    /// YAML (e.g. <c>Chronos:defaults:storage:backend</c>, <c>Chronos:agents:0:id</c>).
    /// </summary>
    public static IServiceCollection AddChronosStorage(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var name = section is IConfigurationSection s ? $"configuration section '{s.Path}'" : "configuration";
        return services.AddChronosStorage(provider => ChronosConfig.FromNode(ConfigurationSectionReader.Read(section), name, Options(provider)));
    }

    private static IServiceCollection AddChronosStorage(this IServiceCollection services, Func<IServiceProvider, ChronosConfig> load)
    {
        services.TryAddSingleton(load);
        // Sweeps the agents whose configuration has a retention: section; with none it ends at start-up.
        services.TryAddSingleton(new ChronosRetentionOptions());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ChronosRetentionSweeper>());
        // AnyKey: one singleton per agent id asked for, listed or not (unlisted ids get the defaults).
        services.AddKeyedSingleton<IStorage>(KeyedService.AnyKey, static (provider, key) =>
            Open(provider, key, static (config, agentId) => config.OpenStorageAsync(agentId)));
        services.AddKeyedSingleton<IVectorStore>(KeyedService.AnyKey, static (provider, key) =>
            Open(provider, key, static (config, agentId) => config.OpenVectorStoreAsync(agentId)));
        return services;
    }

    private static TStore Open<TStore>(IServiceProvider provider, object? key, Func<ChronosConfig, string, ValueTask<TStore>> open)
    {
        if (key is not string agentId || agentId.Length == 0)
        {
            throw new StorageConfigurationException($"Resolve {typeof(TStore).Name} with an agent id as the service key, not '{key}'.");
        }
        // DI factories are synchronous; opening happens once per agent id per container.
        return open(provider.GetRequiredService<ChronosConfig>(), agentId).AsTask().GetAwaiter().GetResult();
    }

    private static ChronosConfigOptions Options(IServiceProvider provider) => new()
    {
        LoggerFactory = provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
    };
}
