using System.Text.Json.Nodes;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>Checkpoints: save (replace by id), get, latest = highest SeqNum then newest.</summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>Every checkpoint field, including its JSON state, reads back exactly.</summary>
    [ConformanceFact]
    public async Task SaveCheckpointStoresEveryFieldAndGetReadsIt()
    {
        var checkpoint = CheckpointOf(NewId("c"), NewId("s"), 4, At(1));

        RecordAssert.Same(checkpoint, await Store.SaveCheckpointAsync(checkpoint));

        RecordAssert.Same(checkpoint, await Store.GetCheckpointAsync(checkpoint.Id));
    }

    /// <summary>Saving a checkpoint with an existing id replaces it.</summary>
    [ConformanceFact]
    public async Task SaveCheckpointWithSameIdReplacesIt()
    {
        var session = NewId("s");
        var first = await Store.SaveCheckpointAsync(CheckpointOf(NewId("c"), session, 1, At(1)));
        var replacement = CheckpointOf(first.Id, session, 9, At(2)) with { State = new JsonObject { ["replaced"] = true } };

        await Store.SaveCheckpointAsync(replacement);

        RecordAssert.Same(replacement, await Store.GetCheckpointAsync(first.Id));
        RecordAssert.Same(replacement, await Store.GetLatestCheckpointAsync(session));
    }

    /// <summary>A missing checkpoint is null, not an exception.</summary>
    [ConformanceFact]
    public async Task GetMissingCheckpointReturnsNull()
    {
        Assert.Null(await Store.GetCheckpointAsync(NewId("missing")));
        Assert.Null(await Store.GetLatestCheckpointAsync(NewId("no-session")));
    }

    /// <summary>
    /// The latest checkpoint is the furthest along the ledger, not the last written: a late-saved older checkpoint
    /// must not win.
    /// </summary>
    [ConformanceFact]
    public async Task LatestCheckpointIsHighestSeqNumEvenWhenOlder()
    {
        var session = NewId("s");
        await Store.SaveCheckpointAsync(CheckpointOf(NewId("low-new"), session, 3, At(9)));
        var highest = await Store.SaveCheckpointAsync(CheckpointOf(NewId("high-old"), session, 7, At(1)));
        await Store.SaveCheckpointAsync(CheckpointOf(NewId("mid"), session, 5, At(5)));
        await Store.SaveCheckpointAsync(CheckpointOf(NewId("other"), NewId("s-other"), 99, At(99)));

        RecordAssert.Same(highest, await Store.GetLatestCheckpointAsync(session));
    }

    /// <summary>
    /// Ties on the sequence number are broken by time, then id, so resuming picks the same checkpoint everywhere.
    /// </summary>
    [ConformanceFact]
    public async Task LatestCheckpointBreaksSeqNumTiesByNewestThenIdDescending()
    {
        var session = NewId("s");
        await Store.SaveCheckpointAsync(CheckpointOf(NewId("old"), session, 4, At(1)));
        var newest = await Store.SaveCheckpointAsync(CheckpointOf(NewId("new"), session, 4, At(2)));
        await Store.SaveCheckpointAsync(CheckpointOf(NewId("lower"), session, 3, At(3)));

        RecordAssert.Same(newest, await Store.GetLatestCheckpointAsync(session));

        var tieWinner = await Store.SaveCheckpointAsync(CheckpointOf(NewId("zz"), session, 4, At(2)));
        RecordAssert.Same(tieWinner, await Store.GetLatestCheckpointAsync(session));
    }
}
