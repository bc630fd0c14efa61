namespace Chronos.Storage;

/// <summary>
/// The backend cannot make this write all-or-nothing (its server lacks the feature it needs), so it refuses the write
/// instead of doing it with weaker guarantees. Nothing was written.
/// </summary>
public sealed class AtomicWriteNotSupportedException : StorageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="backend">The backend name, e.g. <c>mongodb</c>.</param>
    /// <param name="operation">The refused operation, e.g. <c>CommitTurn</c>.</param>
    /// <param name="missingFeature">What the server lacks, e.g. <c>multi-document transactions</c>.</param>
    /// <param name="key">The session concerned.</param>
    public AtomicWriteNotSupportedException(string backend, string operation, string missingFeature, string key)
        : base(
            $"{backend}: {operation} on session '{key}' cannot be all-or-nothing here: it needs {missingFeature}. It is " +
            "refused rather than written without that guarantee; nothing was written.",
            nameof(Session), key, null)
    {
        Backend = backend;
        Operation = operation;
        MissingFeature = missingFeature;
    }

    /// <summary>The backend name.</summary>
    public string Backend { get; }

    /// <summary>The refused operation.</summary>
    public string Operation { get; }

    /// <summary>What the server lacks.</summary>
    public string MissingFeature { get; }
}
