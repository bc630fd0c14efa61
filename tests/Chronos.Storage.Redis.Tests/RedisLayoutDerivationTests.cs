namespace Chronos.Storage.Redis.Tests;

/// <summary>
/// The layout the adapter derives from the schema is the one the generator used to emit (values copied from the last
/// generated golden files, commit e3ed0e3), so keys written before the derivation moved into the adapter still match.
/// </summary>
public sealed class RedisLayoutDerivationTests
{
    [Fact]
    public void Session_layout_is_the_formerly_generated_one()
    {
        var layout = RedisLayout.Of<Session>();
        Assert.Equal(("sessions", 1, "sessions:", "sessions:id:"), (layout.StorageName, layout.PartitionOrdinal, layout.RecordKeyPrefix, layout.LocatorKeyPrefix));
        Assert.Equal(["id", "agent_id", "user_id", "status", "metadata", "created_at", "updated_at", "version"], layout.HashFields.ToArray());
        var index = Assert.Single(layout.Indexes);
        Assert.Equal(("by_agent", "sessions:by_agent:", 2, true, false, true, "_ix:by_agent"),
            (index.Name, index.KeyPrefix, index.SortKeyCount, index.IsDescending, index.IsUnique, index.IsPartitionLocal, index.EntryField));
        Assert.Equal([1], index.MatchOrdinals.ToArray());
        Assert.Equal([5, 0], index.MemberOrdinals.ToArray());
    }

    [Fact]
    public void Event_layout_is_the_formerly_generated_one()
    {
        var layout = RedisLayout.Of<Event>();
        Assert.Equal(("events", 1, "events:", "events:id:"), (layout.StorageName, layout.PartitionOrdinal, layout.RecordKeyPrefix, layout.LocatorKeyPrefix));
        var index = Assert.Single(layout.Indexes);
        Assert.Equal(("by_session", "events:by_session:", 1, false, true, true, "_ix:by_session"),
            (index.Name, index.KeyPrefix, index.SortKeyCount, index.IsDescending, index.IsUnique, index.IsPartitionLocal, index.EntryField));
        Assert.Equal([2, 0], index.MemberOrdinals.ToArray());
    }

    [Fact]
    public void The_layout_is_derived_once_per_entity_type() => Assert.Same(RedisLayout.Of<Trace>(), RedisLayout.Of<Trace>());
}
