namespace Chronos.Storage;

/// <summary>
/// A stored field does not parse as its declared type: the record was changed out of band (written by another tool,
/// edited by hand, or corrupted). Names the entity, the record's key and the field; the message quotes at most a short
/// preview of the stored value.
/// </summary>
public sealed class StoredRecordFormatException : StorageException
{
    /// <summary>The longest preview of a stored value a message quotes.</summary>
    public const int MaxPreviewLength = 64;

    /// <summary>Creates the error for one field of one record.</summary>
    public StoredRecordFormatException(string message, string entity, string? key, string field, Exception? inner)
        : base(message, entity, key, field, inner)
    {
    }

    /// <summary>The stored value as a message may quote it: at most <see cref="MaxPreviewLength"/> characters.</summary>
    public static string Preview(string stored) => stored.Length <= MaxPreviewLength ? stored : stored[..MaxPreviewLength] + "…";
}
