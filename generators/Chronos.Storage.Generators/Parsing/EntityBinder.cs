using System.Collections.Generic;
using System.Linq;
using Chronos.Storage.Generators.Model;
using Chronos.Storage.Generators.Spec;

namespace Chronos.Storage.Generators.Parsing;

/// <summary>Pairs a record with its spec entity and builds the <see cref="EntityModel"/> the emitters use.</summary>
internal static class EntityBinder
{
    /// <summary>The CLR types the field visitor carries, for messages.</summary>
    private const string StorableClrTypes = "string, int, long, double, bool, DateTime and System.Text.Json.Nodes JsonNode/JsonObject/JsonArray";

    public sealed record Result(EntityModel? Model, EquatableArray<BindingProblem> Problems);

    public static Result Bind(RecordModel record, IEnumerable<SpecDocument> documents)
    {
        var problems = new List<BindingProblem>();
        if (!record.IsRecord || !record.IsPartial || record.IsNested)
        {
            problems.Add(new BindingProblem(RuleIds.NotPartialRecord,
                $"'{record.TypeName}' has [StorageEntity] but is not a top-level partial record; declare it as 'public partial record {record.TypeName}'",
                null, null, 0, 0));
            return new Result(null, problems.ToEquatableArray());
        }
        SpecEntity? spec = null;
        foreach (var document in documents)
        {
            spec ??= document.Entities.FirstOrDefault(e => e.Name == record.SpecName);
        }
        if (spec is null && documents.Any(d => d.Entities.Length == 0 && d.Problems.Length > 0))
        {
            // A spec file that could not be read at all declares nothing; its own diagnostic explains the absence.
            return new Result(null, problems.ToEquatableArray());
        }
        if (spec is null)
        {
            problems.Add(new BindingProblem(RuleIds.SpecMissing,
                $"'{record.TypeName}' has [StorageEntity] but no schema spec (*.schema.yaml in AdditionalFiles) declares entity '{record.SpecName}'",
                null, null, 0, 0));
            return new Result(null, problems.ToEquatableArray());
        }
        if (!spec.IsValid)
        {
            // The spec's own problems are reported by the analyzer from the spec file; nothing to bind.
            return new Result(null, problems.ToEquatableArray());
        }

        if (record.Properties.Any(p => p.Shape == ClrShape.Unresolved))
        {
            // The compiler already reports the unresolved type; binding against a guess would only add noise.
            return new Result(null, problems.ToEquatableArray());
        }

        // A type the field visitor cannot carry is reported once, at the property, whether or not the spec lists it:
        // adding it to the spec would not help.
        foreach (var property in record.Properties.Where(p => StorageKindNames.ForShape(p.Shape) is null))
        {
            var field = spec.Fields.FirstOrDefault(f => f.Property == property.Name);
            problems.Add(Problem(RuleIds.UnsupportedType,
                $"property '{record.TypeName}.{property.Name}' of entity '{spec.Name}' has type '{property.TypeDisplay}', which no backend can store: "
                + $"every backend reads and writes fields through IFieldWriter/IFieldReader, which carry only {StorableClrTypes}",
                property.Name, field?.Location ?? spec.Location));
        }

        var fields = new List<FieldModel>();
        foreach (var field in spec.Fields)
        {
            var property = record.Properties.FirstOrDefault(p => p.Name == field.Property);
            var isKey = field.Name == spec.Key;
            if (property is null)
            {
                problems.Add(isKey
                    ? Problem(RuleIds.KeyMismatch,
                        $"key '{field.Name}' of entity '{spec.Name}' maps property '{field.Property}', which '{record.TypeName}' does not have; the key property must be a non-nullable string",
                        field.Property, field.Location)
                    : Problem(RuleIds.SpecFieldWithoutProperty,
                        $"spec field '{field.Name}' of entity '{spec.Name}' maps property '{field.Property}', which '{record.TypeName}' does not have",
                        field.Property, field.Location));
                continue;
            }
            var kind = StorageKindNames.ForShape(property.Shape);
            if (kind is null) continue;
            if (isKey && (kind.Value != StorageKind.String || property.IsNullable))
            {
                problems.Add(Problem(RuleIds.KeyMismatch,
                    $"property '{record.TypeName}.{property.Name}' is the key '{field.Name}' of entity '{spec.Name}' but has type '{property.TypeDisplay}'; a key property must be a non-nullable string",
                    property.Name, field.Location));
                continue;
            }
            if (kind.Value != field.Kind || property.IsNullable != field.IsNullable)
            {
                var specType = StorageKindNames.ToSpec(field.Kind) + (field.IsNullable ? "?" : string.Empty);
                var codeType = StorageKindNames.ToSpec(kind.Value) + (property.IsNullable ? "?" : string.Empty);
                problems.Add(Problem(RuleIds.TypeMismatch,
                    $"property '{record.TypeName}.{property.Name}' is {codeType} ('{property.TypeDisplay}') but spec field '{field.Name}' of entity '{spec.Name}' is {specType}",
                    property.Name, field.Location));
                continue;
            }
            fields.Add(new FieldModel(fields.Count, property.Name, field.Name, field.Kind, field.IsNullable, property.Shape));
        }
        foreach (var property in record.Properties)
        {
            if (StorageKindNames.ForShape(property.Shape) is not null && !spec.Fields.Any(f => f.Property == property.Name))
            {
                problems.Add(Problem(RuleIds.PropertyNotInSpec,
                    $"property '{record.TypeName}.{property.Name}' is not in the schema spec of entity '{spec.Name}'; add it as a field (with an add_field step in a new version) so every backend stores it",
                    property.Name, spec.Location));
            }
        }
        // A property the spec does not list (CHR2001) leaves the spec's mapping complete: still emit it, so code that
        // uses the generated members compiles and the build's only error is CHR2001 itself, not CS0311/CS0103
        // follow-ons that hide it. Every other problem makes the mapping itself wrong, so nothing is emitted.
        if (problems.Any(p => p.RuleId != RuleIds.PropertyNotInSpec)) return new Result(null, problems.ToEquatableArray());

        int Ordinal(string storageName) => fields.First(f => f.StorageName == storageName).Ordinal;
        var indexes = spec.Indexes.Select(index => new IndexModel(
            index.Name,
            Naming.Pascal(index.Name),
            index.Match.Select(Ordinal).ToEquatableArray(),
            index.Order.Select(o => new SortKeyModel(Ordinal(o.Field), o.Descending)).ToEquatableArray(),
            index.IsUnique)).ToEquatableArray();
        var model = new EntityModel(
            record.Namespace,
            record.TypeName,
            record.Accessibility,
            spec.Name,
            spec.StorageName,
            spec.Version,
            fields.ToEquatableArray(),
            Ordinal(spec.Key),
            indexes,
            spec.Concurrency is null ? -1 : Ordinal(spec.Concurrency),
            Naming.StableHash(Describe(spec)),
            MigrationBinder.Bind(spec, fields))
        {
            UnmappedRequiredProperties = record.Properties
                .Where(p => p.IsRequired && !fields.Any(f => f.PropertyName == p.Name))
                .Select(p => p.Name)
                .ToEquatableArray(),
        };
        return new Result(model, problems.ToEquatableArray());
    }

    private static BindingProblem Problem(string ruleId, string message, string? property, SpecLocation location) =>
        new(ruleId, message, property, location.Path, location.Line, location.Column);

    /// <summary>A canonical text of what is persisted, for the spec hash (positions and comments excluded).</summary>
    private static string Describe(SpecEntity spec)
    {
        var text = new System.Text.StringBuilder();
        text.Append(spec.StorageName).Append('|').Append(spec.Version).Append('|').Append(spec.Key).Append('|').Append(spec.Concurrency);
        foreach (var f in spec.Fields) text.Append('|').Append(f.Name).Append(':').Append(f.Kind).Append(f.IsNullable ? "?" : "");
        foreach (var i in spec.Indexes)
        {
            text.Append("|ix:").Append(i.Name).Append(':').Append(string.Join(",", i.Match)).Append(':')
                .Append(string.Join(",", i.Order.Select(o => o.Field + (o.Descending ? " desc" : "")))).Append(i.IsUnique ? ":u" : "");
        }
        return text.ToString();
    }
}
