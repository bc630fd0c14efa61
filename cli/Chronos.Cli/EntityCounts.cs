using Chronos.Storage;
using Chronos.Storage.Schema;

namespace Chronos.Cli;

/// <summary>How many records of each entity an agent has (what <c>status</c> shows), counted along the same traversal as export.</summary>
internal sealed class EntityCounts : IRecordSink
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add<TEntity>(TEntity record) where TEntity : class, IStorageEntity<TEntity> =>
        _counts[TEntity.Schema.EntityName] = Count(TEntity.Schema.EntityName) + 1;

    public long Count(string entity) => _counts.GetValueOrDefault(entity);

    public static async Task<EntityCounts> OfAsync(IStorage storage, string agentId, CancellationToken ct)
    {
        var counts = new EntityCounts();
        await AgentState.ReadAllAsync(storage, agentId, counts, ct);
        return counts;
    }
}
