using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Spec;

/// <summary>
/// Turns a schema spec file into <see cref="SpecDocument"/>. Never throws: every problem becomes a
/// <see cref="SpecProblem"/> with its file position, and an entity with problems is marked invalid.
/// </summary>
internal static class SchemaSpecParser
{
    public const string FileSuffix = ".schema.yaml";
    public const string FileSuffixShort = ".schema.yml";

    private static readonly Regex Identifier = new("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant);
    private static readonly Regex ClrIdentifier = new("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);
    private static readonly string[] RootKeys = { "schema", "entities" };
    private static readonly string[] EntityKeys = { "entity", "storage", "version", "key", "concurrency", "fields", "indexes", "history" };
    private static readonly string[] FieldKeys = { "name", "property", "type", "default" };
    private static readonly string[] IndexKeys = { "name", "match", "order", "unique" };
    private static readonly string[] HistoryKeys = { "version", "steps" };
    private static readonly string[] StepKinds = { "add_field", "drop_field", "rename_field", "add_index", "drop_index" };

    public static bool IsSpecPath(string path) =>
        path.EndsWith(FileSuffix, StringComparison.OrdinalIgnoreCase) || path.EndsWith(FileSuffixShort, StringComparison.OrdinalIgnoreCase);

    public static SpecDocument Parse(string path, string? text)
    {
        var problems = new List<SpecProblem>();
        var entities = new List<SpecEntity>();
        YamlNode? root;
        try
        {
            root = YamlReader.Read(text ?? string.Empty);
        }
        catch (YamlSyntaxException ex)
        {
            problems.Add(new SpecProblem(RuleIds.SpecSyntax, $"invalid YAML: {ex.Message}", new SpecLocation(path, ex.Line, ex.Column)));
            return new SpecDocument(path, EquatableArray<SpecEntity>.Empty, problems.ToEquatableArray());
        }
        var context = new Context(path, problems);
        if (root is not YamlMapping rootMap)
        {
            problems.Add(new SpecProblem(RuleIds.SpecSyntax, "a schema spec must be a mapping with 'entities:'", new SpecLocation(path, 1, 1)));
            return new SpecDocument(path, EquatableArray<SpecEntity>.Empty, problems.ToEquatableArray());
        }
        context.CheckKeys(rootMap, RootKeys, "the spec");
        if (rootMap["entities"] is YamlSequence list)
        {
            foreach (var item in list.Items)
            {
                if (item is YamlMapping entityMap)
                {
                    var entity = ParseEntity(entityMap, context);
                    if (entity is not null)
                    {
                        var duplicate = entities.FirstOrDefault(e => e.Name == entity.Name);
                        if (duplicate is not null)
                        {
                            context.Problem(RuleIds.SpecSyntax, $"entity '{entity.Name}' is declared twice (first at line {duplicate.Location.Line})", item);
                            continue;
                        }
                        entities.Add(entity);
                    }
                }
                else
                {
                    context.Problem(RuleIds.SpecSyntax, "each item of 'entities' must be a mapping", item);
                }
            }
        }
        else
        {
            context.Problem(RuleIds.SpecSyntax, "'entities' must be a sequence of entity mappings", (YamlNode?)rootMap["entities"] ?? rootMap);
        }
        return new SpecDocument(path, entities.ToEquatableArray(), problems.ToEquatableArray());
    }

    private static SpecEntity? ParseEntity(YamlMapping map, Context context)
    {
        var before = context.Problems.Count;
        context.CheckKeys(map, EntityKeys, "an entity");
        var name = context.RequiredScalar(map, "entity", "an entity");
        if (name is null) return null;
        var where = $"entity '{name}'";
        if (!ClrIdentifier.IsMatch(name)) context.Problem(RuleIds.SpecSyntax, $"{where}: '{name}' is not a C# identifier", map["entity"]!);
        var storage = context.RequiredIdentifier(map, "storage", where) ?? Naming.Snake(name);
        var version = context.Integer(map, "version", where) ?? 1;
        string key;
        if (map["key"] is null)
        {
            // No key at all is its own rule (CHR1004), not a syntax slip: every backend needs one to address a record.
            context.Problem(RuleIds.MissingKey, $"{where} declares no key; add 'key: <field>' naming a non-nullable string field", map);
            key = "id";
        }
        else
        {
            key = context.RequiredIdentifier(map, "key", where) ?? "id";
        }
        var concurrency = context.OptionalIdentifier(map, "concurrency", where);

        var fields = new List<SpecField>();
        if (map["fields"] is YamlSequence fieldList)
        {
            foreach (var item in fieldList.Items)
            {
                var field = ParseField(item, where, context);
                if (field is null) continue;
                var clash = fields.FirstOrDefault(f => f.Name == field.Name);
                if (clash is not null)
                {
                    context.Problem(RuleIds.StorageNameCollision,
                        $"{where}: storage name '{field.Name}' is used twice (line {clash.Location.Line} and line {field.Location.Line})", item);
                    continue;
                }
                fields.Add(field);
            }
        }
        else
        {
            context.Problem(RuleIds.SpecSyntax, $"{where}: 'fields' must be a sequence", (YamlNode?)map["fields"] ?? map);
        }

        var keyField = fields.FirstOrDefault(f => f.Name == key);
        if (keyField is null)
        {
            context.Problem(RuleIds.MissingKey, $"{where}: key '{key}' is not one of its fields", (YamlNode?)map["key"] ?? map);
        }
        else if (keyField.Kind != StorageKind.String || keyField.IsNullable)
        {
            context.Problem(RuleIds.MissingKey, $"{where}: key '{key}' must be a non-nullable string field", (YamlNode?)map["key"] ?? map);
        }
        if (concurrency is not null)
        {
            var concurrencyField = fields.FirstOrDefault(f => f.Name == concurrency);
            if (concurrencyField is null || concurrencyField.Kind != StorageKind.Int64 || concurrencyField.IsNullable)
            {
                context.Problem(RuleIds.SpecSyntax, $"{where}: concurrency field '{concurrency}' must be a non-nullable int64 field", map["concurrency"]!);
            }
        }

        var indexes = new List<SpecIndex>();
        if (map["indexes"] is YamlSequence indexList)
        {
            foreach (var item in indexList.Items)
            {
                var index = ParseIndex(item, where, fields, context);
                if (index is null) continue;
                if (indexes.Any(i => i.Name == index.Name))
                {
                    context.Problem(RuleIds.SpecSyntax, $"{where}: index '{index.Name}' is declared twice", item);
                    continue;
                }
                indexes.Add(index);
            }
        }
        else if (map["indexes"] is { } notList)
        {
            context.Problem(RuleIds.SpecSyntax, $"{where}: 'indexes' must be a sequence", notList);
        }

        var history = new List<SpecVersion>();
        if (map["history"] is YamlSequence historyList)
        {
            foreach (var item in historyList.Items)
            {
                var step = ParseVersion(item, where, context);
                if (step is not null) history.Add(step);
            }
        }
        else if (map["history"] is { } notList)
        {
            context.Problem(RuleIds.SpecSyntax, $"{where}: 'history' must be a sequence", notList);
        }

        // A missing migration step does not stop the mappings from being generated (the record and the spec still
        // agree), so it is checked after validity is decided: the analyzer reports it, the generator still emits.
        var isValid = context.Problems.Count == before;
        CheckMigrationSteps(where, version, (YamlNode?)map["version"] ?? map, history, context);
        return new SpecEntity(name, storage, version, key, concurrency, fields.ToEquatableArray(), indexes.ToEquatableArray(),
            history.ToEquatableArray(), context.Location(map), isValid);
    }

    /// <summary>
    /// Every version above 1 must say how it was reached: a history entry for it with at least one step. A history
    /// entry beyond the declared version means the version was not bumped.
    /// </summary>
    private static void CheckMigrationSteps(string where, int version, YamlNode versionNode, List<SpecVersion> history, Context context)
    {
        for (var v = 2; v <= version; v++)
        {
            var entry = history.FirstOrDefault(h => h.Version == v);
            if (entry is null)
            {
                context.Problem(RuleIds.VersionWithoutMigration,
                    $"{where} is at version {version} but its history has no entry for version {v}; add '- {{ version: {v}, steps: [ ... ] }}' with the steps from version {v - 1} (add_field, drop_field, rename_field, add_index, drop_index)",
                    versionNode);
            }
            else if (entry.Steps.Length == 0)
            {
                context.Problems.Add(new SpecProblem(RuleIds.VersionWithoutMigration,
                    $"{where} history entry for version {v} has no steps; list what changed since version {v - 1} (add_field, drop_field, rename_field, add_index, drop_index)",
                    entry.Location));
            }
        }
        foreach (var entry in history.Where(h => h.Version > version))
        {
            context.Problems.Add(new SpecProblem(RuleIds.VersionWithoutMigration,
                $"{where} history has an entry for version {entry.Version} but the entity is at version {version}; set 'version: {entry.Version}'",
                entry.Location));
        }
    }

    private static SpecField? ParseField(YamlNode node, string where, Context context)
    {
        if (node is not YamlMapping map)
        {
            context.Problem(RuleIds.SpecSyntax, $"{where}: each field must be a mapping like '{{ name: id, property: Id, type: string }}'", node);
            return null;
        }
        context.CheckKeys(map, FieldKeys, $"{where} field");
        var name = context.RequiredIdentifier(map, "name", $"{where} field");
        if (name is null) return null;
        var property = context.RequiredScalar(map, "property", $"{where} field '{name}'") ?? Naming.Pascal(name);
        var typeText = context.RequiredScalar(map, "type", $"{where} field '{name}'") ?? "string";
        var nullable = typeText.EndsWith("?", StringComparison.Ordinal);
        var bare = nullable ? typeText.Substring(0, typeText.Length - 1) : typeText;
        if (!StorageKindNames.TryParse(bare, out var kind))
        {
            context.Problem(RuleIds.SpecSyntax, $"{where} field '{name}': unknown type '{typeText}'; expected one of {StorageKindNames.Valid} (with '?' for nullable)", map["type"]!);
        }
        var defaultValue = map["default"] is YamlScalar d ? d.Value : null;
        return new SpecField(name, property, kind, nullable, defaultValue, context.Location(map));
    }

    private static SpecIndex? ParseIndex(YamlNode node, string where, List<SpecField> fields, Context context)
    {
        if (node is not YamlMapping map)
        {
            context.Problem(RuleIds.SpecSyntax, $"{where}: each index must be a mapping like '{{ name: by_x, match: [x], order: [y desc] }}'", node);
            return null;
        }
        context.CheckKeys(map, IndexKeys, $"{where} index");
        var name = context.RequiredIdentifier(map, "name", $"{where} index");
        if (name is null) return null;
        var label = $"{where} index '{name}'";
        var match = new List<string>();
        if (map["match"] is YamlSequence matchList)
        {
            foreach (var item in matchList.Items)
            {
                var field = (item as YamlScalar)?.Value ?? string.Empty;
                if (!fields.Any(f => f.Name == field))
                {
                    context.Problem(RuleIds.IndexOnUnknownField, $"{label}: match field '{field}' is not a field of the entity", item);
                }
                match.Add(field);
            }
        }
        else if (map["match"] is { } notList)
        {
            context.Problem(RuleIds.SpecSyntax, $"{label}: 'match' must be a sequence of field names", notList);
        }
        var order = new List<SpecSortKey>();
        if (map["order"] is YamlSequence orderList)
        {
            foreach (var item in orderList.Items)
            {
                var parts = ((item as YamlScalar)?.Value ?? string.Empty).Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                var field = parts.Length > 0 ? parts[0] : string.Empty;
                var direction = parts.Length > 1 ? parts[1] : "asc";
                if (parts.Length > 2 || direction is not ("asc" or "desc"))
                {
                    context.Problem(RuleIds.SpecSyntax, $"{label}: order key '{(item as YamlScalar)?.Value}' must be 'field' or 'field asc|desc'", item);
                }
                if (!fields.Any(f => f.Name == field))
                {
                    context.Problem(RuleIds.IndexOnUnknownField, $"{label}: order field '{field}' is not a field of the entity", item);
                }
                order.Add(new SpecSortKey(field, direction == "desc"));
            }
        }
        else
        {
            context.Problem(RuleIds.SpecSyntax, $"{label}: 'order' must be a non-empty sequence of sort keys", (YamlNode?)map["order"] ?? map);
        }
        if (order.Count > 0 && order.Any(o => o.Descending != order[0].Descending))
        {
            context.Problem(RuleIds.SpecSyntax, $"{label}: all sort keys of one index must have the same direction (every backend reads an index forwards or backwards)", map["order"]!);
        }
        var unique = map["unique"] is YamlScalar u && u.Value == "true";
        return new SpecIndex(name, match.ToEquatableArray(), order.ToEquatableArray(), unique, context.Location(map));
    }

    private static SpecVersion? ParseVersion(YamlNode node, string where, Context context)
    {
        if (node is not YamlMapping map)
        {
            context.Problem(RuleIds.SpecSyntax, $"{where}: each history entry must be a mapping like '{{ version: 2, steps: [...] }}'", node);
            return null;
        }
        context.CheckKeys(map, HistoryKeys, $"{where} history entry");
        var version = context.Integer(map, "version", $"{where} history entry");
        if (version is null) return null;
        var steps = new List<SpecStep>();
        if (map["steps"] is YamlSequence list)
        {
            foreach (var item in list.Items)
            {
                if (item is not YamlMapping stepMap || stepMap.Entries.Count == 0)
                {
                    context.Problem(RuleIds.SpecSyntax, $"{where} version {version}: each step must be a mapping like '{{ add_field: name, default: 0 }}'", item);
                    continue;
                }
                var first = stepMap.Entries[0];
                if (Array.IndexOf(StepKinds, first.Key.Value) < 0)
                {
                    context.Problem(RuleIds.SpecSyntax, $"{where} version {version}: unknown step '{first.Key.Value}'; expected one of {string.Join(", ", StepKinds)}", first.Key);
                    continue;
                }
                var argument = first.Key.Value switch
                {
                    "add_field" => (stepMap["default"] as YamlScalar)?.Value,
                    "rename_field" => (stepMap["to"] as YamlScalar)?.Value,
                    _ => null,
                };
                steps.Add(new SpecStep(first.Key.Value, (first.Value as YamlScalar)?.Value ?? string.Empty, argument, context.Location(stepMap)));
            }
        }
        return new SpecVersion(version.Value, steps.ToEquatableArray(), context.Location(map));
    }

    private sealed class Context
    {
        private readonly string _path;

        public Context(string path, List<SpecProblem> problems)
        {
            _path = path;
            Problems = problems;
        }

        public List<SpecProblem> Problems { get; }

        public SpecLocation Location(YamlNode node) => new(_path, node.Line, node.Column);

        public void Problem(string ruleId, string message, YamlNode node) => Problems.Add(new SpecProblem(ruleId, message, Location(node)));

        public void CheckKeys(YamlMapping map, string[] allowed, string where)
        {
            foreach (var entry in map.Entries)
            {
                if (Array.IndexOf(allowed, entry.Key.Value) < 0)
                {
                    Problem(RuleIds.SpecSyntax, $"{where}: unknown key '{entry.Key.Value}'; expected one of {string.Join(", ", allowed)}", entry.Key);
                }
            }
        }

        public string? RequiredScalar(YamlMapping map, string key, string where)
        {
            if (map[key] is YamlScalar scalar && scalar.Value.Length > 0) return scalar.Value;
            Problem(RuleIds.SpecSyntax, $"{where}: '{key}' is required", (YamlNode?)map[key] ?? map);
            return null;
        }

        public string? RequiredIdentifier(YamlMapping map, string key, string where)
        {
            var value = RequiredScalar(map, key, where);
            if (value is not null && !Identifier.IsMatch(value))
            {
                Problem(RuleIds.SpecSyntax, $"{where}: '{key}' value '{value}' must be lower_snake_case (a-z, 0-9, _), the same name on every backend", map[key]!);
            }
            return value;
        }

        public string? OptionalIdentifier(YamlMapping map, string key, string where) =>
            map[key] is null ? null : RequiredIdentifier(map, key, where);

        public int? Integer(YamlMapping map, string key, string where)
        {
            if (map[key] is YamlScalar scalar && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                return value;
            }
            Problem(RuleIds.SpecSyntax, $"{where}: '{key}' must be a positive integer", (YamlNode?)map[key] ?? map);
            return null;
        }
    }
}
