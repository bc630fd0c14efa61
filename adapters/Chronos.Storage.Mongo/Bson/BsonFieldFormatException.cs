namespace Chronos.Storage.Mongo.Bson;

/// <summary>A stored document has a value this entity's field cannot hold (written by another tool or edited by hand).</summary>
public sealed class BsonFieldFormatException : StorageException
{
    /// <summary>Creates the exception.</summary>
    public BsonFieldFormatException(string entity, string key, string field, string message)
        : base(message, entity, key, field)
    {
    }
}
