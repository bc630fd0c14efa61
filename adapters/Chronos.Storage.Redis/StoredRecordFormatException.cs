namespace Chronos.Storage.Redis;

/// <summary>A stored hash field does not parse as its declared type (the record was written by something else).</summary>
public sealed class StoredRecordFormatException : StorageException
{
    /// <summary>Creates the error for one field of one record.</summary>
    public StoredRecordFormatException(string message, string entity, string key, string field, Exception inner)
        : base(message, entity, key, field, inner)
    {
    }
}
