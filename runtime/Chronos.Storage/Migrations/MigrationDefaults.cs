using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Providers;

/// <summary>
/// The spec defaults of the fields that pending migration steps add, by current ordinal: what a backend that rewrites
/// records (Redis, DynamoDB) or sets values in place (MongoDB) gives the records that predate the field. Defaults
/// are parsed once from the generated JSON text, so every backend stores the same value.
/// </summary>
public sealed class MigrationDefaults
{
    private readonly JsonElement?[] _byOrdinal;

    private MigrationDefaults(JsonElement?[] byOrdinal, bool any)
    {
        _byOrdinal = byOrdinal;
        HasAny = any;
    }

    /// <summary>Whether any pending step adds a field that the current schema still has.</summary>
    public bool HasAny { get; }

    /// <summary>The defaults of the fields added by <paramref name="versions"/> (later steps win).</summary>
    /// <exception cref="StorageConfigurationException">A generated default is not valid JSON for its field.</exception>
    public static MigrationDefaults For(EntitySchema schema, ImmutableArray<MigrationVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var byOrdinal = new JsonElement?[schema.Fields.Length];
        var any = false;
        foreach (var step in SchemaMigrator.Steps(versions))
        {
            if (step.Kind != MigrationStepKind.AddField || step.Ordinal < 0) continue;
            try
            {
                using var document = JsonDocument.Parse(step.DefaultJson);
                byOrdinal[step.Ordinal] = document.RootElement.ValueKind == JsonValueKind.Null ? null : document.RootElement.Clone();
                any |= byOrdinal[step.Ordinal] is not null;
            }
            catch (JsonException ex)
            {
                throw new StorageConfigurationException(
                    $"{schema.EntityName}: the default of added field '{step.Name}' is not JSON ({step.DefaultJson}); fix 'default:' in the schema spec's history. {ex.Message}");
            }
        }
        return new MigrationDefaults(byOrdinal, any);
    }

    /// <summary>Whether the field at <paramref name="ordinal"/> has a default to fill in.</summary>
    public bool Has(int ordinal) => _byOrdinal[ordinal] is not null;

    /// <summary>The default of <paramref name="ordinal"/> (check <see cref="Has"/> first).</summary>
    public JsonElement Value(int ordinal) => _byOrdinal[ordinal] ?? throw new InvalidOperationException($"field {ordinal} has no migration default");

    /// <summary>Writes the default of the field at <paramref name="ordinal"/> of <paramref name="schema"/> through a backend's writer.</summary>
    public void Write<TWriter>(EntitySchema schema, int ordinal, ref TWriter writer) where TWriter : IFieldWriter, allows ref struct
    {
        var value = Value(ordinal);
        switch (schema.Fields[ordinal].Kind)
        {
            case FieldKind.String: writer.WriteString(ordinal, value.GetString()!); break;
            case FieldKind.Int32: writer.WriteInt32(ordinal, value.GetInt32()); break;
            case FieldKind.Int64: writer.WriteInt64(ordinal, value.GetInt64()); break;
            case FieldKind.Double: writer.WriteDouble(ordinal, value.GetDouble()); break;
            case FieldKind.Boolean: writer.WriteBoolean(ordinal, value.GetBoolean()); break;
            case FieldKind.DateTime: writer.WriteDateTime(ordinal, StorageTime.Normalize(value.GetDateTime())); break;
            default: writer.WriteJson(ordinal, JsonNode.Parse(value.GetRawText())!); break;
        }
    }

    /// <summary>A reader that answers a missing field with its migration default (see <see cref="DefaultingFieldReader{TReader}"/>).</summary>
    public DefaultingFieldReader<TReader> Over<TReader>(TReader inner) where TReader : IFieldReader, allows ref struct => new(inner, this);
}

/// <summary>
/// Wraps a backend's reader so that a field missing from a record written before the field existed reads as its
/// migration default instead of the type's default: the record can then be written back complete.
/// </summary>
/// <typeparam name="TReader">The backend's reader.</typeparam>
public ref struct DefaultingFieldReader<TReader> : IFieldReader where TReader : IFieldReader, allows ref struct
{
    private TReader _inner;
    private readonly MigrationDefaults _defaults;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public DefaultingFieldReader(TReader inner, MigrationDefaults defaults)
    {
        _inner = inner;
        _defaults = defaults;
    }

    private bool UsesDefault(int ordinal) => _defaults.Has(ordinal) && _inner.IsNull(ordinal);

    /// <inheritdoc />
    public bool IsNull(int ordinal) => !_defaults.Has(ordinal) && _inner.IsNull(ordinal);

    /// <inheritdoc />
    public string ReadString(int ordinal) => UsesDefault(ordinal) ? _defaults.Value(ordinal).GetString()! : _inner.ReadString(ordinal);

    /// <inheritdoc />
    public int ReadInt32(int ordinal) => UsesDefault(ordinal) ? _defaults.Value(ordinal).GetInt32() : _inner.ReadInt32(ordinal);

    /// <inheritdoc />
    public long ReadInt64(int ordinal) => UsesDefault(ordinal) ? _defaults.Value(ordinal).GetInt64() : _inner.ReadInt64(ordinal);

    /// <inheritdoc />
    public double ReadDouble(int ordinal) => UsesDefault(ordinal) ? _defaults.Value(ordinal).GetDouble() : _inner.ReadDouble(ordinal);

    /// <inheritdoc />
    public bool ReadBoolean(int ordinal) => UsesDefault(ordinal) ? _defaults.Value(ordinal).GetBoolean() : _inner.ReadBoolean(ordinal);

    /// <inheritdoc />
    public DateTime ReadDateTime(int ordinal) =>
        UsesDefault(ordinal) ? StorageTime.Normalize(_defaults.Value(ordinal).GetDateTime()) : _inner.ReadDateTime(ordinal);

    /// <inheritdoc />
    public JsonNode ReadJson(int ordinal) => UsesDefault(ordinal) ? JsonNode.Parse(_defaults.Value(ordinal).GetRawText())! : _inner.ReadJson(ordinal);
}
