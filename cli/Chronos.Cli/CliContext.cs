using Chronos.Storage;
using Chronos.Storage.Configuration;

namespace Chronos.Cli;

/// <summary>What every command shares: chronos.yaml (loaded once, errors with file:line:column) and the output mode.</summary>
internal sealed class CliContext(string configPath, bool json)
{
    private ChronosConfig? _config;

    public Output Output { get; } = new(json);

    public ChronosConfig Config => _config ??= ChronosConfig.Load(configPath);

    /// <summary>The agent ids a command covers: the one named, or every agent the file lists.</summary>
    public IReadOnlyList<string> Agents(string? agentId)
    {
        if (agentId is not null) return [agentId];
        var listed = Config.Agents.Select(a => a.Id).ToList();
        return listed.Count > 0
            ? listed
            : throw new StorageConfigurationException($"{Config.SourceName}: lists no agents; name one with --agent.");
    }

    /// <summary>Opens the agent's storage; migrates only when asked (inspection never changes a store).</summary>
    public ValueTask<IStorage> OpenAsync(string agentId, bool migrate, CancellationToken ct) =>
        Config.OpenStorageAsync(agentId, migrate, ct);
}
