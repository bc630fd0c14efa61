using System.Linq;
using System.Text;
using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Emit;

/// <summary>
/// Emits <c>{Entity}Json</c>: the entity's JSON contract (a JSON Schema whose property names are the storage names,
/// the same names every backend uses) and the reflection-free <c>JsonTypeInfo</c> that reads and writes that shape.
/// </summary>
internal static class JsonContractEmitter
{
    public static string Emit(EntityModel model)
    {
        var w = IndentedWriter.ForEntityFile(model);
        w.Line($"/// <summary>The JSON contract of <see cref=\"{model.TypeName}\"/>: storage names, as on every backend.</summary>");
        w.Open($"{model.Accessibility} static class {model.TypeName}Json");
        w.Line("/// <summary>JSON Schema (draft 2020-12) of the persisted shape.</summary>");
        w.Line($"public const string Schema = {IndentedWriter.Literal(BuildSchema(model))};");
        w.Line();
        w.Line("/// <summary>Reflection-free, trim-safe type info that reads and writes the persisted shape.</summary>");
        w.Line($"public static global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<{model.TypeName}> TypeInfo => global::Chronos.Storage.Json.EntityJson.TypeInfo<{model.TypeName}>();");
        w.Close();
        return w.ToString();
    }

    internal static string BuildSchema(EntityModel model)
    {
        var sb = new StringBuilder();
        sb.Append("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",");
        sb.Append("\"title\":\"").Append(model.SpecName).Append("\",");
        sb.Append("\"x-storage-name\":\"").Append(model.StorageName).Append("\",");
        sb.Append("\"x-version\":").Append(model.Version).Append(',');
        sb.Append("\"type\":\"object\",\"properties\":{");
        sb.Append(string.Join(",", model.Fields.Select(f => $"\"{f.StorageName}\":{TypeOf(f)}")));
        sb.Append("},\"required\":[");
        sb.Append(string.Join(",", model.Fields.Where(f => !f.IsNullable).Select(f => $"\"{f.StorageName}\"")));
        sb.Append("],\"additionalProperties\":false}");
        return sb.ToString();
    }

    private static string TypeOf(FieldModel f)
    {
        string Typed(string type, string? extra = null)
        {
            var t = f.IsNullable ? $"[\"{type}\",\"null\"]" : $"\"{type}\"";
            return "{\"type\":" + t + (extra ?? "") + "}";
        }
        return f.Shape switch
        {
            ClrShape.String => Typed("string"),
            ClrShape.Int32 => Typed("integer", ",\"format\":\"int32\""),
            ClrShape.Int64 => Typed("integer", ",\"format\":\"int64\""),
            ClrShape.Double => Typed("number"),
            ClrShape.Boolean => Typed("boolean"),
            ClrShape.DateTime => Typed("string", ",\"format\":\"date-time\""),
            ClrShape.JsonObject => Typed("object"),
            ClrShape.JsonArray => Typed("array"),
            _ => "{}",
        };
    }
}
