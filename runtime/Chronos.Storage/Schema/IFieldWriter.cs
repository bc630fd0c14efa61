using System.Text.Json.Nodes;

namespace Chronos.Storage.Schema;

/// <summary>
/// The sink of the generated, reflection-free entity visitor. Each backend implements it once (SQL parameters,
/// Redis hash entries, BSON, DynamoDB attributes); fields are addressed by ordinal, names come from the schema.
/// Implemented by structs (often ref structs) so that the JIT/AOT compiler specialises the generated code per backend.
/// </summary>
public interface IFieldWriter
{
    /// <summary>The field is null.</summary>
    void WriteNull(int ordinal);
    /// <summary>Writes a non-null string.</summary>
    void WriteString(int ordinal, string value);
    /// <summary>Writes a 32-bit integer.</summary>
    void WriteInt32(int ordinal, int value);
    /// <summary>Writes a 64-bit integer.</summary>
    void WriteInt64(int ordinal, long value);
    /// <summary>Writes a double.</summary>
    void WriteDouble(int ordinal, double value);
    /// <summary>Writes a boolean.</summary>
    void WriteBoolean(int ordinal, bool value);
    /// <summary>Writes a UTC instant already truncated to microseconds (<see cref="StorageTime.Normalize"/>).</summary>
    void WriteDateTime(int ordinal, DateTime value);
    /// <summary>Writes a non-null JSON value.</summary>
    void WriteJson(int ordinal, JsonNode value);
}
