using Chronos.Storage.Vectors;
using Microsoft.Extensions.Logging;

namespace Chronos.Storage.Configuration;

/// <summary>
/// A validated Chronos configuration: which backend each agent's storage (and vector store) uses.
/// <code>
/// defaults:
///   storage:
///     backend: sqlite
///     dsn: chronos.db
/// agents:
///   - id: production-agent
///     storage:
///       backend: postgres
///       dsn: ${DATABASE_URL}
/// </code>
/// Each section takes <c>backend</c>, <c>dsn</c>, <c>migrate</c> (default true) and backend-specific <c>options</c>.
/// An agent's section overrides the defaults field by field, except that a section that changes <c>backend</c>
/// inherits neither the default <c>dsn</c> nor the default <c>options</c> (they belong to the other backend: a SQLite
/// path is no PostgreSQL DSN) and must give its own <c>dsn</c>. Agents not listed use the defaults. Loading validates
/// everything (syntax, keys, backends, variables, duplicate ids) and opens nothing; errors are
/// <see cref="StorageConfigurationException"/> with file:line:column and the path of the value.
/// </summary>
public sealed class ChronosConfig
{
    private readonly Dictionary<string, AgentSettings> _agentsById;
    private readonly ChronosConfigOptions _options;

    private ChronosConfig(string sourceName, BackendSettings? defaultStorage, BackendSettings? defaultVector,
        RetentionPolicy? defaultRetention, IReadOnlyList<AgentSettings> agents, ChronosConfigOptions options)
    {
        SourceName = sourceName;
        DefaultStorage = defaultStorage;
        DefaultVector = defaultVector;
        DefaultRetention = defaultRetention;
        Agents = agents;
        _agentsById = agents.ToDictionary(a => a.Id, StringComparer.Ordinal);
        _options = options;
    }

    /// <summary>The file or source the configuration came from.</summary>
    public string SourceName { get; }

    /// <summary>The storage of agents without their own section, or null.</summary>
    public BackendSettings? DefaultStorage { get; }

    /// <summary>The vector store of agents without their own section, or null.</summary>
    public BackendSettings? DefaultVector { get; }

    /// <summary>The retention of agents without their own <c>retention:</c> section (<c>defaults.retention</c>), or null.</summary>
    public RetentionPolicy? DefaultRetention { get; }

    /// <summary>The agents listed, in file order.</summary>
    public IReadOnlyList<AgentSettings> Agents { get; }

    /// <summary>Reads and validates a YAML file.</summary>
    /// <exception cref="StorageConfigurationException">The file is missing or invalid.</exception>
    public static ChronosConfig Load(string path, ChronosConfigOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StorageConfigurationException($"{path}: configuration file not found (looked at {Path.GetFullPath(path)}).", e);
        }
        return Parse(text, path, options);
    }

    /// <summary>Parses and validates YAML text.</summary>
    /// <param name="yaml">The YAML.</param>
    /// <param name="sourceName">The name shown in error locations, e.g. the file name.</param>
    /// <param name="options">Environment, logging and backend tables; null for the process defaults.</param>
    /// <exception cref="StorageConfigurationException">The text is invalid.</exception>
    public static ChronosConfig Parse(string yaml, string sourceName, ChronosConfigOptions? options = null) =>
        FromNode(YamlConfigurationReader.Read(yaml, sourceName), sourceName, options);

    /// <summary>Validates a configuration tree from any source (the dependency-injection package converts <c>IConfiguration</c>).</summary>
    /// <exception cref="StorageConfigurationException">The tree is invalid.</exception>
    public static ChronosConfig FromNode(ConfigurationNode root, string sourceName, ChronosConfigOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= new ChronosConfigOptions();
        var reader = new ChronosConfigReader(options.GetEnvironmentVariable, options.StorageBackends, options.VectorBackends);
        var (defaultStorage, defaultVector, defaultRetention, agents, defaultCompression) = reader.Read(root);
        return new ChronosConfig(sourceName, defaultStorage, defaultVector, defaultRetention, agents, options) { DefaultCompression = defaultCompression };
    }

    /// <summary>The storage settings of <paramref name="agentId"/>: its own, or the defaults for an agent not listed.</summary>
    /// <exception cref="StorageConfigurationException">Neither the agent nor the defaults configure storage.</exception>
    public BackendSettings GetStorageSettings(string agentId) =>
        Settings(agentId, "storage", a => a.Storage, DefaultStorage);

    /// <summary>The vector-store settings of <paramref name="agentId"/>: its own, or the defaults.</summary>
    /// <exception cref="StorageConfigurationException">Neither the agent nor the defaults configure a vector store.</exception>
    public BackendSettings GetVectorSettings(string agentId) =>
        Settings(agentId, "vector", a => a.Vector, DefaultVector);

    /// <summary>
    /// The retention of <paramref name="agentId"/>: the defaults with the agent's own rules over them, or the defaults
    /// for an agent not listed; null when no retention is configured (keep everything).
    /// </summary>
    public RetentionPolicy? GetRetention(string agentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        return _agentsById.TryGetValue(agentId, out var agent) ? agent.Retention : DefaultRetention;
    }

    /// <summary>
    /// Opens the agent's storage and, unless its section says <c>migrate: false</c>, creates or upgrades the schema.
    /// The caller owns (and disposes) the store.
    /// </summary>
    /// <exception cref="StorageConfigurationException">
    /// No storage is configured for the agent, the DSN is invalid, or the server refused the credentials; the message
    /// starts with where the section is and names the agent and the backend.
    /// </exception>
    public ValueTask<IStorage> OpenStorageAsync(string agentId, CancellationToken cancellationToken = default) =>
        OpenStorageAsync(agentId, GetStorageSettings(agentId).Migrate, cancellationToken);

    /// <summary>
    /// Opens the agent's storage, migrating it only when <paramref name="migrate"/> says so, whatever its section
    /// says: tools that inspect a store (health, <c>chronos status</c>, a dry run) open it without changing it.
    /// </summary>
    /// <exception cref="StorageConfigurationException">As <see cref="OpenStorageAsync(string, CancellationToken)"/>.</exception>
    public ValueTask<IStorage> OpenStorageAsync(string agentId, bool migrate, CancellationToken cancellationToken = default)
    {
        var settings = GetStorageSettings(agentId);
        var retention = GetRetention(agentId);
        var opening = BackendOpener.OpenAsync(_options.StorageBackends, settings, agentId, _options.LoggerFactory,
            (store, ct) => PrepareAsync(store, settings, agentId, retention, migrate, ct), cancellationToken);
        return GetCompression(agentId) is { } compression ? CompressingAsync(opening, compression, settings) : opening;
    }

    // The agent's retention goes to the engine at open, so backends with native expiry stamp each record's expiry.
    private Task PrepareAsync(IStorage store, BackendSettings settings, string agentId, RetentionPolicy? retention, bool migrate, CancellationToken cancellationToken)
    {
        if (store is Providers.StorageEngine engine) engine.Retention = retention;
        return migrate ? MigrateAsync(store, settings, agentId, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>
    /// The JSON compression of <paramref name="agentId"/>: its own <c>compression:</c>, or the defaults' for an agent
    /// not listed; null when off.
    /// </summary>
    public JsonCompression? GetCompression(string agentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        return _agentsById.TryGetValue(agentId, out var agent) ? agent.Compression : DefaultCompression;
    }

    /// <summary>The <c>defaults.compression</c> setting, or null when off.</summary>
    public JsonCompression? DefaultCompression { get; private init; }

    private static async ValueTask<IStorage> CompressingAsync(ValueTask<IStorage> opening, JsonCompression compression, BackendSettings settings)
    {
        var store = await opening.ConfigureAwait(false);
        if (store is Providers.StorageEngine engine)
        {
            engine.Compression = compression;
            return store;
        }
        await store.DisposeAsync().ConfigureAwait(false);
        throw new StorageConfigurationException(
            $"{settings.Source}: backend '{settings.Backend}' ({store.GetType().Name}) is not built on StorageEngine, so 'compression:' cannot apply to it; remove the setting for this agent.");
    }

    private Task MigrateAsync(IStorage store, BackendSettings settings, string agentId, CancellationToken cancellationToken)
    {
        _options.LoggerFactory.CreateLogger<ChronosConfig>()
            .LogInformation("Migrating {Backend} storage for agent {AgentId}", settings.Backend, agentId);
        return store.MigrateAsync(cancellationToken);
    }

    /// <summary>Opens the agent's vector store. The caller owns (and disposes) it.</summary>
    /// <exception cref="StorageConfigurationException">No vector store is configured for the agent, or the DSN is invalid.</exception>
    public ValueTask<IVectorStore> OpenVectorStoreAsync(string agentId, CancellationToken cancellationToken = default) =>
        BackendOpener.OpenAsync(_options.VectorBackends, GetVectorSettings(agentId), agentId, _options.LoggerFactory, prepare: null, cancellationToken);

    private BackendSettings Settings(string agentId, string kind, Func<AgentSettings, BackendSettings?> select, BackendSettings? defaults)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        if (_agentsById.TryGetValue(agentId, out var agent))
        {
            return select(agent) ?? throw new StorageConfigurationException(
                $"{agent.Location}: agent '{agentId}' has no {kind} backend: add a '{kind}:' section to it or to 'defaults:' in {SourceName}.");
        }
        var listed = Agents.Count == 0 ? "no agents are listed" : $"the listed agents are {string.Join(", ", Agents.Select(a => $"'{a.Id}'"))}";
        return defaults ?? throw new StorageConfigurationException(
            $"{SourceName}: agent '{agentId}' is not listed under 'agents:' ({listed}) and there is no 'defaults.{kind}' section to fall back on.");
    }
}
