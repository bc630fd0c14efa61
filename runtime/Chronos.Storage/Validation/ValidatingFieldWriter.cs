using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Validation;

/// <summary>
/// Runs the generated visitor over a record before any backend sees it and refuses what some backend could not store
/// exactly (<see cref="StorageLimits"/>): null in a required field, strings that are not valid UTF-16 or hold NUL, and
/// JSON that is too deep, holds such strings or a non-finite number. One rule, from the schema, for every backend.
/// </summary>
internal readonly struct ValidatingFieldWriter : IFieldWriter
{
    private readonly EntitySchema _schema;
    private readonly string? _key;

    public ValidatingFieldWriter(EntitySchema schema, string? key)
    {
        _schema = schema;
        _key = key;
    }

    public void WriteNull(int ordinal)
    {
        if (!_schema.Fields[ordinal].IsNullable) throw Refuse(ordinal, "is null, but the schema declares it required.");
    }

    public void WriteString(int ordinal, string value)
    {
        var bad = StorageText.IndexOfInvalid(value);
        if (bad >= 0) throw Refuse(ordinal, StorageText.Describe(value, bad));
    }

    public void WriteJson(int ordinal, JsonNode value)
    {
        if (JsonLimits.FindProblem(value) is { } problem) throw Refuse(ordinal, problem);
    }

    public void WriteInt32(int ordinal, int value) { }
    public void WriteInt64(int ordinal, long value) { }
    public void WriteDouble(int ordinal, double value) { }
    public void WriteBoolean(int ordinal, bool value) { }
    public void WriteDateTime(int ordinal, DateTime value) { }

    private StorageArgumentException Refuse(int ordinal, string problem)
    {
        var field = _schema.Fields[ordinal];
        return new StorageArgumentException(field.PropertyName, _schema.EntityName, _key, field.StorageName, problem);
    }
}
