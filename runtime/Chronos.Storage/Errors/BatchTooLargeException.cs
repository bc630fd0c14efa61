namespace Chronos.Storage;

/// <summary>
/// A batch append or a turn is larger than the backend commits atomically (for example DynamoDB's 100 items or 4 MB
/// per transaction). Raised before anything is sent: nothing was written. Split the work into smaller batches or turns.
/// </summary>
public sealed class BatchTooLargeException : StorageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="backend">The backend name, e.g. <c>dynamodb</c>.</param>
    /// <param name="operation">What was refused, e.g. <c>AppendEvents</c> or <c>CommitTurn</c>.</param>
    /// <param name="sessionId">The session concerned.</param>
    /// <param name="size">The write's size, in <paramref name="unit"/>.</param>
    /// <param name="limit">The backend's largest atomic write, in <paramref name="unit"/>.</param>
    /// <param name="unit">What is counted: <c>events</c>, <c>records</c>, <c>items</c> or <c>bytes</c>.</param>
    public BatchTooLargeException(string backend, string operation, string sessionId, long size, long limit, string unit)
        : base(
            $"{backend}: {operation} on session '{sessionId}' is {size:N0} {unit}, over the {limit:N0}-{unit} limit of one " +
            "atomic write; nothing was written. Split it into smaller batches or turns.",
            nameof(Session), sessionId, null)
    {
        Backend = backend;
        Operation = operation;
        Size = size;
        Limit = limit;
        Unit = unit;
    }

    /// <summary>The backend name.</summary>
    public string Backend { get; }

    /// <summary>What was refused.</summary>
    public string Operation { get; }

    /// <summary>The write's size in <see cref="Unit"/>.</summary>
    public long Size { get; }

    /// <summary>The largest atomic write in <see cref="Unit"/>.</summary>
    public long Limit { get; }

    /// <summary>What <see cref="Size"/> and <see cref="Limit"/> count.</summary>
    public string Unit { get; }
}
