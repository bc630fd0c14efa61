namespace Chronos.Storage.MySql;

/// <summary>
/// A value is longer than its column can hold. MariaDB and MySQL index at most 3072 bytes per key, so the key and every
/// indexed string field are <c>VARCHAR(255)</c> (characters); a longer value is refused, never truncated, and nothing
/// was written.
/// </summary>
public sealed class FieldTooLongException : StorageException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="key">The record key, if known.</param>
    /// <param name="field">The storage name of the field that is too long.</param>
    /// <param name="inner">The driver's error.</param>
    public FieldTooLongException(string entity, string? key, string field, Exception inner)
        : base($"mysql: {entity} '{key ?? "?"}': field '{field}' is longer than its column holds (indexed strings and keys: at most " +
               $"{MySqlDialect.IndexedStringLength} characters); nothing was written.", entity, key, field, inner)
    {
    }
}
