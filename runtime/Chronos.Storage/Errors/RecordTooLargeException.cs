namespace Chronos.Storage;

/// <summary>
/// A record is larger than the backend can store in one item or document (for example DynamoDB's 400 KB item limit).
/// Raised before anything is sent: nothing was written.
/// </summary>
public sealed class RecordTooLargeException : StorageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="backend">The backend name, e.g. <c>dynamodb</c>.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="key">The record key.</param>
    /// <param name="sizeBytes">The record's size as the backend counts it.</param>
    /// <param name="limitBytes">The backend's limit.</param>
    /// <param name="largestField">The storage name of the largest field, the one to shrink.</param>
    public RecordTooLargeException(string backend, string entity, string key, long sizeBytes, long limitBytes, string? largestField)
        : base(
            $"{backend}: {entity} '{key}' is {sizeBytes:N0} bytes as stored, over the {limitBytes:N0}-byte item limit" +
            (largestField is null ? "" : $" (largest field: '{largestField}')") + "; nothing was written.",
            entity, key, largestField)
    {
        Backend = backend;
        SizeBytes = sizeBytes;
        LimitBytes = limitBytes;
    }

    /// <summary>The backend name.</summary>
    public string Backend { get; }

    /// <summary>The record's size as the backend counts it.</summary>
    public long SizeBytes { get; }

    /// <summary>The backend's limit.</summary>
    public long LimitBytes { get; }
}
