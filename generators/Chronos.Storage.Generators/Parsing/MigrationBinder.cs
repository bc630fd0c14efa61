using System.Collections.Generic;
using System.Linq;
using Chronos.Storage.Generators.Model;
using Chronos.Storage.Generators.Spec;

namespace Chronos.Storage.Generators.Parsing;

/// <summary>
/// Turns a spec entity's history into <see cref="MigrationVersionModel"/>s: versions 2..current, ascending, each step
/// resolved against the current fields and indexes (a field added in version 2 and renamed in version 3 is the
/// current field with the new name; one dropped later has no current ordinal).
/// </summary>
internal static class MigrationBinder
{
    public static EquatableArray<MigrationVersionModel> Bind(SpecEntity spec, IReadOnlyList<FieldModel> fields)
    {
        var versions = spec.History.Where(h => h.Version > 1 && h.Version <= spec.Version).OrderBy(h => h.Version).ToList();
        // Every step after a given one, in order, to follow a field's name through later renames and drops.
        var all = versions.SelectMany(v => v.Steps).ToList();
        var position = 0;
        var result = new List<MigrationVersionModel>();
        foreach (var version in versions)
        {
            var steps = new List<MigrationStepModel>();
            foreach (var step in version.Steps)
            {
                position++;
                steps.Add(Resolve(spec, fields, step, all.Skip(position)));
            }
            result.Add(new MigrationVersionModel(version.Version, steps.ToEquatableArray()));
        }
        return result.ToEquatableArray();
    }

    private static MigrationStepModel Resolve(SpecEntity spec, IReadOnlyList<FieldModel> fields, SpecStep step, IEnumerable<SpecStep> later)
    {
        switch (step.Kind)
        {
            case "add_field":
                var current = CurrentName(step.Target, later);
                var field = current is null ? null : fields.FirstOrDefault(f => f.StorageName == current);
                // A field dropped again later never reaches the current code: a nullable JSON column is enough to hold it until then.
                var kind = field?.Kind ?? StorageKind.Json;
                var nullable = field?.IsNullable ?? true;
                return new MigrationStepModel(MigrationStepKind.AddField, step.Target, null, kind, nullable,
                    MigrationDefaults.Effective(step.Argument, kind, nullable), field?.Ordinal ?? -1, -1);
            case "drop_field":
                return new MigrationStepModel(MigrationStepKind.DropField, step.Target, null, StorageKind.Json, true, "null", -1, -1);
            case "rename_field":
                return new MigrationStepModel(MigrationStepKind.RenameField, step.Target, step.Argument, StorageKind.Json, true, "null", -1, -1);
            case "add_index":
                var dropped = later.Any(s => s.Kind == "drop_index" && s.Target == step.Target);
                var indexPosition = dropped ? -1 : IndexOf(spec, step.Target);
                return new MigrationStepModel(MigrationStepKind.AddIndex, step.Target, null, StorageKind.Json, true, "null", -1, indexPosition);
            default:
                return new MigrationStepModel(MigrationStepKind.DropIndex, step.Target, null, StorageKind.Json, true, "null", -1, -1);
        }
    }

    /// <summary>The field's storage name after every later rename, or null when a later step drops it.</summary>
    private static string? CurrentName(string name, IEnumerable<SpecStep> later)
    {
        foreach (var step in later)
        {
            if (step.Target != name) continue;
            if (step.Kind == "drop_field") return null;
            if (step.Kind == "rename_field" && step.Argument is { } renamed) name = renamed;
        }
        return name;
    }

    private static int IndexOf(SpecEntity spec, string name)
    {
        for (var i = 0; i < spec.Indexes.Length; i++)
        {
            if (spec.Indexes[i].Name == name) return i;
        }
        return -1;
    }
}

/// <summary>The value an added field gets in existing records, as JSON text, decided once for every backend.</summary>
internal static class MigrationDefaults
{
    /// <summary>
    /// The spec's <c>default:</c> as JSON (a bare word for a string or datetime field is taken as that text); without
    /// one, null for a nullable field and the CLR default of the type otherwise (what a reader returns for a missing field).
    /// </summary>
    public static string Effective(string? specDefault, StorageKind kind, bool isNullable)
    {
        var text = specDefault?.Trim();
        if (text is null || text.Length == 0 || (text == "null" && !isNullable))
        {
            return isNullable ? "null" : Zero(kind);
        }
        if (text == "null") return text;
        if (kind is StorageKind.String or StorageKind.DateTime && !text.StartsWith("\"", System.StringComparison.Ordinal))
        {
            return Quote(text);
        }
        return text;
    }

    private static string Zero(StorageKind kind) => kind switch
    {
        StorageKind.String => "\"\"",
        StorageKind.Boolean => "false",
        StorageKind.DateTime => "\"0001-01-01T00:00:00Z\"",
        StorageKind.Json => "{}",
        _ => "0",
    };

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>The text of a JSON string literal (the escapes JSON allows).</summary>
    public static string Unquote(string json)
    {
        var body = json.Substring(1, json.Length - 2);
        var text = new System.Text.StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\' || i + 1 >= body.Length) { text.Append(c); continue; }
            var e = body[++i];
            switch (e)
            {
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'u' when i + 4 < body.Length:
                    text.Append((char)System.Convert.ToInt32(body.Substring(i + 1, 4), 16));
                    i += 4;
                    break;
                default: text.Append(e); break;
            }
        }
        return text.ToString();
    }
}
