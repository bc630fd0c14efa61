using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Spec;

/// <summary>A position in a spec file.</summary>
internal sealed record SpecLocation(string Path, int Line, int Column)
{
    public override string ToString() => $"{System.IO.Path.GetFileName(Path)}:{Line}:{Column}";
}

/// <summary>A problem found while reading a spec file (reported by the analyzer).</summary>
internal sealed record SpecProblem(string RuleId, string Message, SpecLocation Location);

/// <summary>One schema spec file.</summary>
internal sealed record SpecDocument(string Path, EquatableArray<SpecEntity> Entities, EquatableArray<SpecProblem> Problems);

/// <summary>One entity of the spec, as written.</summary>
internal sealed record SpecEntity(
    string Name,
    string StorageName,
    int Version,
    string Key,
    string? Concurrency,
    EquatableArray<SpecField> Fields,
    EquatableArray<SpecIndex> Indexes,
    EquatableArray<SpecVersion> History,
    SpecLocation Location,
    bool IsValid);

/// <summary>One field of a spec entity.</summary>
internal sealed record SpecField(string Name, string Property, StorageKind Kind, bool IsNullable, string? Default, SpecLocation Location);

/// <summary>One declared index.</summary>
internal sealed record SpecIndex(string Name, EquatableArray<string> Match, EquatableArray<SpecSortKey> Order, bool IsUnique, SpecLocation Location);

/// <summary>One sort key of a declared index.</summary>
internal sealed record SpecSortKey(string Field, bool Descending);

/// <summary>One version of the history with the steps that reached it from the previous one.</summary>
internal sealed record SpecVersion(int Version, EquatableArray<SpecStep> Steps, SpecLocation Location);

/// <summary>
/// One migration step: <c>add_field</c> (Target = field, Argument = default as JSON text), <c>drop_field</c>,
/// <c>rename_field</c> (Target = old name, Argument = new name), <c>add_index</c>, <c>drop_index</c>.
/// </summary>
internal sealed record SpecStep(string Kind, string Target, string? Argument, SpecLocation Location);
