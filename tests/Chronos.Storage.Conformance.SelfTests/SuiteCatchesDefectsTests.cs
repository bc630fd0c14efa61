using Chronos.Storage.TestBackend;
using Xunit;

namespace Chronos.Storage.Conformance.SelfTests;

/// <summary>
/// Each conformance test below passes on the correct reference store (ReferenceInMemoryConformanceTests runs them all)
/// and must fail on a store with the matching deliberate bug: proof that the suite's assertions bite.
/// </summary>
public sealed class SuiteCatchesDefectsTests
{
    private static Func<StorageConformanceTests, Task> Test(string name) => name switch
    {
        nameof(StorageConformanceTests.ListSessionsIsNewestFirstThenIdDescendingAndOnlyTheAgents) => t => t.ListSessionsIsNewestFirstThenIdDescendingAndOnlyTheAgents(),
        nameof(StorageConformanceTests.ListMemoryReturnsOneKindOldestFirstThenIdAscending) => t => t.ListMemoryReturnsOneKindOldestFirstThenIdAscending(),
        nameof(StorageConformanceTests.LatestCheckpointIsHighestSeqNumEvenWhenOlder) => t => t.LatestCheckpointIsHighestSeqNumEvenWhenOlder(),
        nameof(StorageConformanceTests.AuditLogsListNewestFirstThenIdDescendingWithLimit) => t => t.AuditLogsListNewestFirstThenIdDescendingWithLimit(),
        nameof(StorageConformanceTests.UpdateSessionWithStaleVersionThrowsConflictAndChangesNothing) => t => t.UpdateSessionWithStaleVersionThrowsConflictAndChangesNothing(),
        nameof(StorageConformanceTests.ConcurrentUpdatesOfOneVersionLetExactlyOneWin) => t => t.ConcurrentUpdatesOfOneVersionLetExactlyOneWin(),
        nameof(StorageConformanceTests.DeleteSessionRemovesItsSessionScopedDataAndKeepsAuditLogsAndLongTermMemory) => t => t.DeleteSessionRemovesItsSessionScopedDataAndKeepsAuditLogsAndLongTermMemory(),
        nameof(StorageConformanceTests.ConcurrentAppendsToOneSessionNumberExactlyOneToN) => t => t.ConcurrentAppendsToOneSessionNumberExactlyOneToN(),
        nameof(StorageConformanceTests.ReappendingAnIdReturnsTheStoredEventAndWritesNothing) => t => t.ReappendingAnIdReturnsTheStoredEventAndWritesNothing(),
        "MicrosecondInstants" => t => t.MicrosecondInstantsRoundTripExactlyAsUtc("2025-06-30 12:00:00", 654_321),
        "BigIntegers" => t => t.JsonObjectsRoundTripExactlyInEveryJsonField("big-integers"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Add the test to the switch."),
    };

    [Theory]
    [InlineData(Defect.UnorderedLists, nameof(StorageConformanceTests.ListSessionsIsNewestFirstThenIdDescendingAndOnlyTheAgents))]
    [InlineData(Defect.UnorderedLists, nameof(StorageConformanceTests.ListMemoryReturnsOneKindOldestFirstThenIdAscending))]
    [InlineData(Defect.UnorderedLists, nameof(StorageConformanceTests.LatestCheckpointIsHighestSeqNumEvenWhenOlder))]
    [InlineData(Defect.UnorderedLists, nameof(StorageConformanceTests.AuditLogsListNewestFirstThenIdDescendingWithLimit))]
    [InlineData(Defect.NoVersionCheck, nameof(StorageConformanceTests.UpdateSessionWithStaleVersionThrowsConflictAndChangesNothing))]
    [InlineData(Defect.NoVersionCheck, nameof(StorageConformanceTests.ConcurrentUpdatesOfOneVersionLetExactlyOneWin))]
    [InlineData(Defect.NoCascade, nameof(StorageConformanceTests.DeleteSessionRemovesItsSessionScopedDataAndKeepsAuditLogsAndLongTermMemory))]
    [InlineData(Defect.RacyAppend, nameof(StorageConformanceTests.ConcurrentAppendsToOneSessionNumberExactlyOneToN))]
    [InlineData(Defect.NonIdempotentAppend, nameof(StorageConformanceTests.ReappendingAnIdReturnsTheStoredEventAndWritesNothing))]
    [InlineData(Defect.SecondPrecision, "MicrosecondInstants")]
    [InlineData(Defect.NumbersAsDoubles, "BigIntegers")]
    public async Task TheSuiteFailsOnAStoreWithTheDefect(Defect defect, string test)
    {
        Assert.Equal(Outcome.Passed, await Run(Defect.None, test));

        Assert.Equal(Outcome.Failed, await Run(defect, test));
    }

    private enum Outcome { Passed, Failed }

    private static async Task<Outcome> Run(Defect defect, string test)
    {
        StorageConformanceTests suite = new ReferenceInMemoryConformanceTests(defect);
        IAsyncLifetime lifetime = suite;
        await lifetime.InitializeAsync();
        try
        {
            await Test(test)(suite);
            return Outcome.Passed;
        }
        catch (Exception)
        {
            return Outcome.Failed;
        }
        finally
        {
            await lifetime.DisposeAsync();
        }
    }
}
