namespace Chronos.Storage;

/// <summary>
/// A DSN, option or configuration file is wrong. The message says what and where (file, line, column, key) and never
/// contains a password or other secret.
/// </summary>
public sealed class StorageConfigurationException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public StorageConfigurationException(string message, Exception? inner = null)
        : base(message, null, null, null, inner)
    {
    }
}
