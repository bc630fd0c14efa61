using MongoDB.Bson;

namespace Chronos.Storage.Mongo.Bson;

/// <summary>
/// The one mapping of field kinds to BSON, used by documents, filters and index bounds alike.
/// Instants are BSON Int64 Unix microseconds: BSON's datetime has only millisecond precision and the contract is
/// microsecond-exact; one Int64 element sorts and compares natively, keeps one element per field (so indexes map 1:1
/// from the spec) and is the same number SQLite and Redis use (<see cref="StorageTime.ToUnixMicroseconds"/>).
/// </summary>
internal static class BsonFieldValues
{
    /// <summary>An instant as stored.</summary>
    public static BsonInt64 FromDateTime(DateTime value) => new(StorageTime.ToUnixMicroseconds(value));

    /// <summary>An instant from its stored form (also accepts a BSON datetime written by other tools).</summary>
    public static DateTime ToDateTime(BsonValue value) => value.BsonType == BsonType.DateTime
        ? StorageTime.FromUnixMicroseconds(value.AsBsonDateTime.MillisecondsSinceEpoch * 1000)
        : StorageTime.FromUnixMicroseconds(value.ToInt64());

    /// <summary>An index bound or match value in the stored form of its kind.</summary>
    public static BsonValue FromIndexValue(IndexValue value) => value.Kind switch
    {
        Schema.FieldKind.String => new BsonString(value.AsString),
        Schema.FieldKind.Int32 => new BsonInt32((int)value.AsInt64),
        Schema.FieldKind.Int64 => new BsonInt64(value.AsInt64),
        Schema.FieldKind.Double => new BsonDouble(value.AsDouble),
        Schema.FieldKind.Boolean => BsonBoolean.Create(value.AsInt64 != 0),
        Schema.FieldKind.DateTime => new BsonInt64(value.AsUnixMicroseconds),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.Kind, "JSON fields cannot be index values."),
    };
}
