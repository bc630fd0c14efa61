using System.Text.Json.Nodes;

namespace Chronos.Storage.Schema;

/// <summary>
/// The source of the generated entity visitor: one implementation per backend row/document shape.
/// Generated code asks <see cref="IsNull"/> before reading a nullable field; a missing field reads as null.
/// </summary>
public interface IFieldReader
{
    /// <summary>True when the field is absent or null.</summary>
    bool IsNull(int ordinal);
    /// <summary>Reads a string.</summary>
    string ReadString(int ordinal);
    /// <summary>Reads a 32-bit integer.</summary>
    int ReadInt32(int ordinal);
    /// <summary>Reads a 64-bit integer.</summary>
    long ReadInt64(int ordinal);
    /// <summary>Reads a double.</summary>
    double ReadDouble(int ordinal);
    /// <summary>Reads a boolean.</summary>
    bool ReadBoolean(int ordinal);
    /// <summary>Reads a UTC instant (Kind = Utc).</summary>
    DateTime ReadDateTime(int ordinal);
    /// <summary>Reads a JSON value.</summary>
    JsonNode ReadJson(int ordinal);
}
