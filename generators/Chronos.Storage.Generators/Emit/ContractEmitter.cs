using System.Linq;
using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Emit;

/// <summary>
/// Emits the entity contract: <c>IStorageEntity&lt;T&gt;</c> (schema, reflection-free visitor, key accessor) and the
/// <c>{Entity}Indexes</c> name constants. Backend artifacts are other emitters' files.
/// </summary>
internal static class ContractEmitter
{
    private const string Schema = "global::Chronos.Storage.Schema";

    public static string Emit(EntityModel model)
    {
        var w = IndentedWriter.ForEntityFile(model);

        w.Open($"partial record {model.TypeName} : {Schema}.IStorageEntity<{model.TypeName}>");
        w.Line($"private static readonly {Schema}.EntitySchema __chronosSchema = new {Schema}.EntitySchema(");
        w.Line($"    entityName: {IndentedWriter.Literal(model.SpecName)},");
        w.Line($"    storageName: {IndentedWriter.Literal(model.StorageName)},");
        w.Line($"    version: {model.Version},");
        w.Line("    fields: global::System.Collections.Immutable.ImmutableArray.Create(");
        for (var i = 0; i < model.Fields.Length; i++)
        {
            var f = model.Fields[i];
            var sep = i == model.Fields.Length - 1 ? ")," : ",";
            w.Line($"        new {Schema}.FieldSchema({f.Ordinal}, {IndentedWriter.Literal(f.PropertyName)}, {IndentedWriter.Literal(f.StorageName)}, {Schema}.FieldKind.{f.Kind}, {(f.IsNullable ? "true" : "false")}){sep}");
        }
        w.Line($"    keyOrdinal: {model.KeyOrdinal},");
        if (model.Indexes.Length == 0)
        {
            w.Line($"    indexes: global::System.Collections.Immutable.ImmutableArray<{Schema}.IndexSchema>.Empty,");
        }
        else
        {
            w.Line("    indexes: global::System.Collections.Immutable.ImmutableArray.Create(");
            for (var i = 0; i < model.Indexes.Length; i++)
            {
                var index = model.Indexes[i];
                var sep = i == model.Indexes.Length - 1 ? ")," : ",";
                var match = index.MatchOrdinals.Length == 0
                    ? "global::System.Collections.Immutable.ImmutableArray<int>.Empty"
                    : $"global::System.Collections.Immutable.ImmutableArray.Create({string.Join(", ", index.MatchOrdinals)})";
                var order = $"global::System.Collections.Immutable.ImmutableArray.Create({string.Join(", ", index.Order.Select(o => $"new {Schema}.IndexSortKey({o.Ordinal}, {(o.Descending ? "true" : "false")})"))})";
                w.Line($"        new {Schema}.IndexSchema({IndentedWriter.Literal(index.Name)}, {match}, {order}, {(index.IsUnique ? "true" : "false")}){sep}");
            }
        }
        w.Line($"    concurrencyOrdinal: {(model.HasConcurrency ? model.ConcurrencyOrdinal.ToString() : "null")},");
        w.Line($"    specHash: {IndentedWriter.Literal(model.SpecHash)});");
        w.Line();
        w.Line($"static {Schema}.EntitySchema {Schema}.IStorageEntity<{model.TypeName}>.Schema => __chronosSchema;");
        w.Line();
        w.Line($"static string {Schema}.IStorageEntity<{model.TypeName}>.GetKey({model.TypeName} entity) => entity.{model.Key.PropertyName};");
        w.Line();

        w.Open($"static void {Schema}.IStorageEntity<{model.TypeName}>.Write<TWriter>({model.TypeName} entity, ref TWriter writer)");
        foreach (var f in model.Fields) EmitWrite(w, f);
        w.Close();
        w.Line();

        w.Open($"static {model.TypeName} {Schema}.IStorageEntity<{model.TypeName}>.Read<TReader>(ref TReader reader)");
        w.Line($"return new {model.TypeName}");
        w.Line("{");
        foreach (var f in model.Fields)
        {
            w.Line($"    {f.PropertyName} = {ReadExpression(f)},");
        }
        foreach (var property in model.UnmappedRequiredProperties)
        {
            w.Line($"    {property} = default!, // not in the spec (CHR2001)");
        }
        w.Line("};");
        w.Close();
        w.Close();
        w.Line();

        w.Line($"/// <summary>The declared index names of <see cref=\"{model.TypeName}\"/> (from the schema spec).</summary>");
        w.Open($"{model.Accessibility} static class {model.TypeName}Indexes");
        foreach (var index in model.Indexes)
        {
            w.Line($"/// <summary>Index <c>{index.Name}</c>.</summary>");
            w.Line($"public const string {index.ConstName} = {IndentedWriter.Literal(index.Name)};");
        }
        w.Close();
        return w.ToString();
    }

    private static void EmitWrite(IndentedWriter w, FieldModel f)
    {
        var access = $"entity.{f.PropertyName}";
        var call = f.Shape switch
        {
            ClrShape.String => "WriteString",
            ClrShape.Int32 => "WriteInt32",
            ClrShape.Int64 => "WriteInt64",
            ClrShape.Double => "WriteDouble",
            ClrShape.Boolean => "WriteBoolean",
            ClrShape.DateTime => "WriteDateTime",
            _ => "WriteJson",
        };
        string Value(string v) => f.Shape == ClrShape.DateTime ? $"global::Chronos.Storage.StorageTime.Normalize({v})" : v;
        var isReference = f.Shape is ClrShape.String or ClrShape.JsonNode or ClrShape.JsonObject or ClrShape.JsonArray;
        if (isReference || f.IsNullable)
        {
            // Reference-typed fields are checked even when declared non-nullable: a null from a careless caller is
            // stored as null rather than crashing inside a backend driver.
            var local = "__" + f.PropertyName;
            w.Line($"if ({access} is {{ }} {local}) writer.{call}({f.Ordinal}, {Value(local)}); else writer.WriteNull({f.Ordinal});");
        }
        else
        {
            w.Line($"writer.{call}({f.Ordinal}, {Value(access)});");
        }
    }

    private static string ReadExpression(FieldModel f)
    {
        var o = f.Ordinal;
        var read = f.Shape switch
        {
            ClrShape.String => $"reader.ReadString({o})",
            ClrShape.Int32 => $"reader.ReadInt32({o})",
            ClrShape.Int64 => $"reader.ReadInt64({o})",
            ClrShape.Double => $"reader.ReadDouble({o})",
            ClrShape.Boolean => $"reader.ReadBoolean({o})",
            ClrShape.DateTime => $"reader.ReadDateTime({o})",
            ClrShape.JsonObject => $"reader.ReadJson({o}).AsObject()",
            ClrShape.JsonArray => $"reader.ReadJson({o}).AsArray()",
            _ => $"reader.ReadJson({o})",
        };
        // What a missing value reads as: null where the property admits it, otherwise the type's empty value (a field
        // added by a migration reads as its default on records written before it).
        var missing = f.IsNullable
            ? "null"
            : f.Shape switch
            {
                ClrShape.String => "\"\"",
                ClrShape.JsonObject => "new global::System.Text.Json.Nodes.JsonObject()",
                ClrShape.JsonArray => "new global::System.Text.Json.Nodes.JsonArray()",
                ClrShape.JsonNode => "null!",
                _ => "default",
            };
        return $"reader.IsNull({o}) ? {missing} : {read}";
    }
}
