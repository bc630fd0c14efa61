using Chronos.Storage.Schema;

namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// The Redis layout derived from the built-in entities' schemas: which field each entity's keys are hash-tagged by (so
/// that a record and its partition-local indexes share one cluster slot). The exact stored keys are pinned by the
/// key golden files (RedisKeyGoldenTests) and by data written by earlier code (tests/Chronos.Storage.Compatibility).
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

    private static string PartitionField<T>() where T : class, IStorageEntity<T> => T.Schema.Fields[RedisLayout.Of<T>().PartitionOrdinal].StorageName;

    private static RedisLayout LayoutOf<T>() where T : IStorageEntity<T> => RedisLayout.Of<T>();
}
