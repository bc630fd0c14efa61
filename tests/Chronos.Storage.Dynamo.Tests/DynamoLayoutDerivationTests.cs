using Xunit;

namespace Chronos.Storage.Dynamo.Tests;

/// <summary>
/// The design the adapter derives from the schema is the one the generator used to emit (values copied from the last
/// generated golden files, commit e3ed0e3), so items and GSIs written before still match.
/// </summary>
public sealed class DynamoLayoutDerivationTests
{
    [Fact]
    public void Event_design_is_the_formerly_generated_one()
    {
        var layout = DynamoLayout.Of<Event>();
        Assert.Equal("events", layout.EntityTag);
        var index = Assert.Single(layout.Indexes);
        Assert.Equal(("by_session", "gsi1", "_gsi1pk", "_gsi1sk", 1, true, true),
            (index.Name, index.GsiName, index.PartitionAttribute, index.SortAttribute, index.OrderLength, index.ScanForward, index.IsUnique));
        Assert.Equal([1], index.MatchOrdinals.ToArray());
        Assert.Equal([2, 0], index.SortOrdinals.ToArray());
    }

    [Fact]
    public void Session_design_scans_backward_and_ends_with_the_key()
    {
        var index = Assert.Single(DynamoLayout.Of<Session>().Indexes);
        Assert.Equal(("by_agent", "gsi1", false, false, 2), (index.Name, index.GsiName, index.ScanForward, index.IsUnique, index.OrderLength));
        Assert.Equal([5, 0], index.SortOrdinals.ToArray());
    }
}
