namespace Chronos.Storage;

/// <summary>The store's recorded schema version cannot be used by this code (for example, it is newer).</summary>
public sealed class SchemaVersionException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public SchemaVersionException(string entity, int storedVersion, int codeVersion, string message)
        : base(message, entity, null, null)
    {
        StoredVersion = storedVersion;
        CodeVersion = codeVersion;
    }

    /// <summary>The version recorded in the store.</summary>
    public int StoredVersion { get; }

    /// <summary>The version this code was generated from.</summary>
    public int CodeVersion { get; }
}
