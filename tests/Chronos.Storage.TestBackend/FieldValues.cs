using System.Text.Json.Nodes;
using Chronos.Storage.Schema;

namespace Chronos.Storage.TestBackend;

/// <summary>A record's fields by ordinal, captured through the generated visitor and replayed to rebuild it.</summary>
internal struct FieldCapture(int count) : IFieldWriter
{
    public object?[] Values { get; } = new object?[count];
    public void WriteNull(int ordinal) => Values[ordinal] = null;
    public void WriteString(int ordinal, string value) => Values[ordinal] = value;
    public void WriteInt32(int ordinal, int value) => Values[ordinal] = value;
    public void WriteInt64(int ordinal, long value) => Values[ordinal] = value;
    public void WriteDouble(int ordinal, double value) => Values[ordinal] = value;
    public void WriteBoolean(int ordinal, bool value) => Values[ordinal] = value;
    public void WriteDateTime(int ordinal, DateTime value) => Values[ordinal] = value;
    public void WriteJson(int ordinal, JsonNode value) => Values[ordinal] = value.DeepClone();
}

internal readonly struct FieldReplay(object?[] values) : IFieldReader
{
    public bool IsNull(int ordinal) => values[ordinal] is null;
    public string ReadString(int ordinal) => (string)values[ordinal]!;
    public int ReadInt32(int ordinal) => (int)values[ordinal]!;
    public long ReadInt64(int ordinal) => (long)values[ordinal]!;
    public double ReadDouble(int ordinal) => (double)values[ordinal]!;
    public bool ReadBoolean(int ordinal) => (bool)values[ordinal]!;
    public DateTime ReadDateTime(int ordinal) => (DateTime)values[ordinal]!;
    public JsonNode ReadJson(int ordinal) => ((JsonNode)values[ordinal]!).DeepClone();
}
