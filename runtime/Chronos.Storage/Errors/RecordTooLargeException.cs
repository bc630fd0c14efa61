namespace Chronos.Storage;

/// <summary>
/// A record, or one of its fields, is larger than the backend can store (for example DynamoDB's 400 KB item limit,
/// MongoDB's 16 MB document limit; <see cref="BackendLimits"/>). Raised before anything is sent: nothing was written,
/// also when the record was part of a batch or a turn.
/// </summary>
public sealed class RecordTooLargeException : StorageException
{
    /// <summary>Creates the exception for a record over the backend's item (record) limit.</summary>
    /// <param name="backend">The backend name, e.g. <c>dynamodb</c>.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="key">The record key.</param>
    /// <param name="sizeBytes">The record's size as the backend counts it.</param>
    /// <param name="limitBytes">The backend's limit.</param>
    /// <param name="largestField">The storage name of the largest field, the one to shrink.</param>
    public RecordTooLargeException(string backend, string entity, string key, long sizeBytes, long limitBytes, string? largestField)
        : this(backend, entity, key, sizeBytes, limitBytes, largestField, "item")
    {
    }

    /// <summary>Creates the exception for a record or a field over the backend's limit of that kind.</summary>
    /// <param name="backend">The backend name, e.g. <c>dynamodb</c>.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="key">The record key.</param>
    /// <param name="sizeBytes">The size as stored: the record's, or the field's when <paramref name="limitKind"/> is <c>field</c>.</param>
    /// <param name="limitBytes">The backend's limit.</param>
    /// <param name="largestField">The storage name of the largest field, the one to shrink.</param>
    /// <param name="limitKind">Which limit: <c>item</c>, <c>record</c>, <c>document</c> or <c>field</c>.</param>
    public RecordTooLargeException(string backend, string entity, string key, long sizeBytes, long limitBytes, string? largestField, string limitKind)
        : base(
            limitKind == "field" && largestField is not null
                ? $"{backend}: {entity} '{key}' field '{largestField}' is {sizeBytes:N0} bytes as stored, over the {limitBytes:N0}-byte field limit; nothing was written."
                : $"{backend}: {entity} '{key}' is {sizeBytes:N0} bytes as stored, over the {limitBytes:N0}-byte {limitKind} limit" +
                  (largestField is null ? "" : $" (largest field: '{largestField}')") + "; nothing was written.",
            entity, key, largestField)
    {
        Backend = backend;
        SizeBytes = sizeBytes;
        LimitBytes = limitBytes;
        LimitKind = limitKind;
    }

    /// <summary>The backend name.</summary>
    public string Backend { get; }

    /// <summary>The size as the backend counts it (the record's, or the field's for a field limit).</summary>
    public long SizeBytes { get; }

    /// <summary>The backend's limit.</summary>
    public long LimitBytes { get; }

    /// <summary>Which limit was exceeded: <c>item</c>, <c>record</c>, <c>document</c> or <c>field</c>.</summary>
    public string LimitKind { get; }
}
