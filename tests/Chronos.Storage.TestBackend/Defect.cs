namespace Chronos.Storage.TestBackend;

/// <summary>One deliberate bug the reference store can be built with, to prove the suite notices it.</summary>
public enum Defect
{
    /// <summary>A correct store.</summary>
    None,
    /// <summary>Lists come back in insertion order instead of the index's order.</summary>
    UnorderedLists,
    /// <summary>Optimistic updates ignore the stored version.</summary>
    NoVersionCheck,
    /// <summary>Deleting a session leaves its events, checkpoints, traces and memory behind.</summary>
    NoCascade,
    /// <summary>The next sequence number is read and written without holding the ledger lock.</summary>
    RacyAppend,
    /// <summary>Re-appending an event id appends it again.</summary>
    NonIdempotentAppend,
    /// <summary>Instants are stored with whole-second precision.</summary>
    SecondPrecision,
    /// <summary>JSON numbers go through <see cref="double"/>, as a naive document store would.</summary>
    NumbersAsDoubles,
}
