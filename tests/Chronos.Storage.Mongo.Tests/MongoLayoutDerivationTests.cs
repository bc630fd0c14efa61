using Xunit;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>
/// The mapping the adapter derives from the schema is the one the generator used to emit (values copied from the last
/// generated golden files, commit e3ed0e3), so documents and indexes written before still match.
/// </summary>
public sealed class MongoLayoutDerivationTests
{
    [Fact]
    public void Session_mapping_is_the_formerly_generated_one()
    {
        var layout = MongoLayout.Of<Session>();
        Assert.Equal("sessions", layout.Collection);
        Assert.Equal(["_id", "agent_id", "user_id", "status", "metadata", "created_at", "updated_at", "version"], layout.ElementNames.ToArray());
        var index = Assert.Single(layout.Indexes);
        Assert.Equal(("by_agent", "ix_sessions_by_agent", false), (index.SpecName, index.Name, index.IsUnique));
        Assert.Equal([new MongoIndexKey("agent_id", false), new MongoIndexKey("created_at", true), new MongoIndexKey("_id", true)], index.Keys.ToArray());
    }

    [Fact]
    public void Event_mapping_is_the_formerly_generated_one()
    {
        var index = Assert.Single(MongoLayout.Of<Event>().Indexes);
        Assert.Equal(("by_session", "ux_events_by_session", true), (index.SpecName, index.Name, index.IsUnique));
        Assert.Equal([new MongoIndexKey("session_id", false), new MongoIndexKey("seq_num", false)], index.Keys.ToArray());
    }
}
