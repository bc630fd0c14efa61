namespace Chronos.Storage.Sql;

/// <summary>Whether a call only reads (any connection) or writes (the writer connection, where there is one).</summary>
public enum SqlAccess
{
    /// <summary>Reads only.</summary>
    Read,
    /// <summary>Writes.</summary>
    Write,
}
