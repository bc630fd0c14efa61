using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage;
using Chronos.Storage.Json;
using Chronos.Storage.Schema;

namespace Chronos.Cli;

/// <summary>
/// Counts and a SHA-256 per entity over every record of an agent, independent of the order a backend lists them in:
/// each record's entity JSON (storage names, UTC microsecond times) is hashed with object keys sorted (PostgreSQL's
/// jsonb keeps JSON values but not their key order), the hashes are sorted by record key and hashed again. Two stores
/// with the same checksums hold the same records, field for field.
/// </summary>
internal sealed class StateChecksum : IRecordSink
{
    private readonly Dictionary<string, List<(string Key, byte[] Hash)>> _records = new(StringComparer.Ordinal);

    public void Add<TEntity>(TEntity record) where TEntity : class, IStorageEntity<TEntity>
    {
        var name = TEntity.Schema.EntityName;
        if (!_records.TryGetValue(name, out var list)) _records[name] = list = [];
        var canonical = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(canonical)) WriteSorted(writer, JsonNode.Parse(EntityJson.Serialize(record)));
        list.Add((TEntity.GetKey(record), SHA256.HashData(canonical.WrittenSpan)));
    }

    /// <summary>Writes <paramref name="node"/> with every object's properties in ordinal order.</summary>
    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    WriteSorted(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array) WriteSorted(writer, item);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
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
        await AgentState.ReadAllAsync(storage, agentId, sum, ct);
        return sum;
    }
}
