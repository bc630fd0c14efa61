namespace Chronos.Storage;

/// <summary>
/// The backend could not be reached or dropped the connection (server down or restarting, network failure). The
/// operation did not complete and wrote nothing partial; retrying the same call once the server is back is safe.
/// </summary>
public sealed class TransientStorageException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public TransientStorageException(string backend, string operation, Exception inner)
        : base($"{backend}: '{operation}' failed because the server could not be reached ({inner.GetType().Name}). " +
               "Nothing was written; retry the same call when the server is back.", null, null, null, inner)
    {
        Backend = backend;
        Operation = operation;
    }

    /// <summary>The backend name, e.g. <c>postgres</c>.</summary>
    public string Backend { get; }

    /// <summary>The operation to retry, e.g. <c>AppendEvent</c>.</summary>
    public string Operation { get; }
}
