using Chronos.Storage.Schema;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// The generated Redis layout of the built-in entities: which field each entity's keys are hash-tagged by (so that a
/// record and its partition-local indexes share one cluster slot). Exact generated text is pinned by the generator's
/// golden files (tests/Chronos.Storage.Generators.Tests/Golden/*.Redis.g.cs).
/// </summary>
public sealed class RedisLayoutTests
{
    [Fact]
    public void BuiltInEntitiesPartitionByTheFirstMatchFieldOfTheirFirstIndex()
    {
        Assert.Equal("agent_id", PartitionField<Session>());
        Assert.Equal("agent_id", PartitionField<MemoryRecord>());
        Assert.Equal("agent_id", PartitionField<AuditLog>());
        Assert.Equal("session_id", PartitionField<Event>());
        Assert.Equal("session_id", PartitionField<Checkpoint>());
        Assert.Equal("session_id", PartitionField<Trace>());
        Assert.Equal([true, true, false], LayoutOf<MemoryRecord>().Indexes.Select(i => i.IsPartitionLocal));
    }

    private static string PartitionField<T>() where T : class, IStorageEntity<T> => T.Schema.Fields[T.Redis.PartitionOrdinal].StorageName;

    private static RedisLayout LayoutOf<T>() where T : IStorageEntity<T> => T.Redis;
}
