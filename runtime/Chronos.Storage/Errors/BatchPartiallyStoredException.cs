namespace Chronos.Storage;

/// <summary>
/// A batch append mixed event ids that are stored with ids that are not: it is neither a retry of a stored batch
/// (which returns the stored events) nor a new one. Nothing was written.
/// </summary>
public sealed class BatchPartiallyStoredException : StorageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="sessionId">The session the batch was appended to.</param>
    /// <param name="storedIds">The batch's ids that are already stored.</param>
    /// <param name="newIds">The batch's ids that are not.</param>
    public BatchPartiallyStoredException(string sessionId, IReadOnlyList<string> storedIds, IReadOnlyList<string> newIds)
        : base(
            $"Event batch for session '{sessionId}' mixes {storedIds.Count} stored id(s) (first '{First(storedIds)}') with " +
            $"{newIds.Count} new one(s) (first '{First(newIds)}'); a retried batch must repeat exactly the stored ids. Nothing was written.",
            nameof(Event), First(storedIds), "id")
    {
        SessionId = sessionId;
        StoredIds = storedIds;
        NewIds = newIds;
    }

    /// <summary>The session the batch was appended to.</summary>
    public string SessionId { get; }

    /// <summary>The batch's ids that are already stored.</summary>
    public IReadOnlyList<string> StoredIds { get; }

    /// <summary>The batch's ids that are not stored.</summary>
    public IReadOnlyList<string> NewIds { get; }

    private static string First(IReadOnlyList<string> ids) => ids.Count == 0 ? "" : ids[0];
}
