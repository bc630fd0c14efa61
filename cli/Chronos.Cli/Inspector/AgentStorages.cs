using System.Collections.Concurrent;
using Chronos.Storage;
using Chronos.Storage.Providers;

namespace Chronos.Cli.Inspector;

/// <summary>
/// The storage of each agent the inspector serves, opened on first use without migrating (inspection never changes a
/// store) and kept until the server stops. A failed open is not kept, so a server that comes back is read again.
/// </summary>
internal sealed class AgentStorages(CliContext cli, IReadOnlyList<string> agentIds) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IStorage>>> _open = new(StringComparer.Ordinal);

    public IReadOnlyList<AgentInfo> Agents { get; } = agentIds
        .Select(id => cli.Config.GetStorageSettings(id))
        .Zip(agentIds, (settings, id) => new AgentInfo(id, settings.Backend, DsnRedactor.Redact(settings.Dsn)))
        .ToList();

    public bool Serves(string agentId) => agentIds.Contains(agentId, StringComparer.Ordinal);

    public async Task<IStorage> GetAsync(string agentId, CancellationToken ct)
    {
        var open = _open.GetOrAdd(agentId, id => new Lazy<Task<IStorage>>(() => cli.OpenAsync(id, migrate: false, CancellationToken.None).AsTask()));
        try
        {
            return await open.Value.WaitAsync(ct);
        }
        catch (Exception) when (open.Value.IsFaulted)
        {
            _open.TryRemove(new KeyValuePair<string, Lazy<Task<IStorage>>>(agentId, open));
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var open in _open.Values)
        {
            if (open.IsValueCreated && open.Value.IsCompletedSuccessfully) await open.Value.Result.DisposeAsync();
        }
    }
}
