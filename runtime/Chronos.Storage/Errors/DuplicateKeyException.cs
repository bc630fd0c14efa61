namespace Chronos.Storage;

/// <summary>A record with the same key (or unique index value) already exists; nothing was written.</summary>
public sealed class DuplicateKeyException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public DuplicateKeyException(string entity, string key, string field, Exception? inner = null)
        : base($"{entity} '{key}' already exists (unique field '{field}'); nothing was written.", entity, key, field, inner)
    {
    }
}
