namespace Chronos.Storage;

/// <summary>
/// Base of every error a store raises on purpose. Says which entity, key and field it concerns, so callers can act on
/// it without parsing the message. Messages never contain DSN secrets.
/// </summary>
public abstract class StorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected StorageException(string message, string? entity, string? key, string? field, Exception? inner = null)
        : base(message, inner)
    {
        Entity = entity;
        Key = key;
        Field = field;
    }

    /// <summary>The entity concerned (spec name, e.g. <c>Event</c>), if any.</summary>
    public string? Entity { get; }

    /// <summary>The record key concerned, if any.</summary>
    public string? Key { get; }

    /// <summary>The storage field concerned, if any.</summary>
    public string? Field { get; }
}
