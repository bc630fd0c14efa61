using System.Security.Cryptography;
using System.Text;
using Chronos.Storage;
using Chronos.Storage.Json;
using Chronos.Storage.Schema;

namespace Chronos.Cli;

/// <summary>
/// Counts and a SHA-256 per entity over every record of an agent, independent of the order a backend lists them in:
/// each record's entity JSON (storage names, UTC microsecond times) is hashed, the hashes are sorted by record key
/// and hashed again. Two stores with the same checksums hold the same records, field for field.
/// </summary>
internal sealed class StateChecksum
{
    private readonly Dictionary<string, List<(string Key, byte[] Hash)>> _records = new(StringComparer.Ordinal);

    public void Add<TEntity>(TEntity record) where TEntity : class, IStorageEntity<TEntity>
    {
        var name = TEntity.Schema.EntityName;
        if (!_records.TryGetValue(name, out var list)) _records[name] = list = [];
        list.Add((TEntity.GetKey(record), SHA256.HashData(Encoding.UTF8.GetBytes(EntityJson.Serialize(record)))));
    }

    public long Count(string entity) => _records.TryGetValue(entity, out var list) ? list.Count : 0;

    public string Hash(string entity)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (_records.TryGetValue(entity, out var list))
        {
            foreach (var (key, recordHash) in list.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(key));
                hash.AppendData(recordHash);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Reads every record of <paramref name="agentId"/> in <paramref name="storage"/>.</summary>
    public static async Task<StateChecksum> OfAsync(IStorage storage, string agentId, CancellationToken ct)
    {
        var sum = new StateChecksum();
        var sessions = new List<string>();
        await foreach (var s in AgentState.SessionsAsync(storage, agentId, ct))
        {
            sum.Add(s);
            sessions.Add(s.Id);
        }
        await foreach (var m in AgentState.MemoryAsync(storage, agentId, ct)) sum.Add(m);
        await foreach (var a in AgentState.AuditLogsAsync(storage, agentId, ct)) sum.Add(a);
        foreach (var id in sessions)
        {
            await foreach (var t in AgentState.TracesAsync(storage, id, ct)) sum.Add(t);
            await foreach (var c in AgentState.CheckpointsAsync(storage, id, ct)) sum.Add(c);
            await foreach (var e in AgentState.ReadEventsAsync(storage, id, 0, ct)) sum.Add(e);
        }
        return sum;
    }
}
