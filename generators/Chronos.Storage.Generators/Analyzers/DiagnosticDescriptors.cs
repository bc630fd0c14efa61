using Microsoft.CodeAnalysis;

namespace Chronos.Storage.Generators.Analyzers;

/// <summary>
/// The one catalogue of Chronos.Storage diagnostics. IDs come in bands (<see cref="RuleIds"/>): CHR1xxx the spec file,
/// CHR2xxx record vs. spec drift, CHR3xxx backend capability, CHR4xxx migrations. Each message is composed by the
/// spec parser or the binder that found the problem (one source of truth), so every format is "{0}". Each rule has a
/// page in docs/rules; severities can be changed per rule from .editorconfig / .globalconfig.
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary>Where the per-rule pages live (docs/rules/CHRxxxx.md in the repository).</summary>
    public const string HelpLinkBase = "https://github.com/chronos-gen/Chronos.Gen/blob/main/docs/rules/";

    private const string SpecCategory = "Chronos.Spec";
    private const string DriftCategory = "Chronos.Drift";
    private const string BackendCategory = "Chronos.Backend";
    private const string MigrationCategory = "Chronos.Migration";

    public static readonly DiagnosticDescriptor SpecSyntax = new(
        RuleIds.SpecSyntax, "Schema spec is invalid", "{0}", SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The schema spec file is not valid YAML or does not follow the spec format.",
        helpLinkUri: HelpLinkBase + RuleIds.SpecSyntax + ".md");

    public static readonly DiagnosticDescriptor SpecMissing = new(
        RuleIds.SpecMissing, "No schema spec declares the entity", "{0}", SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A [StorageEntity] record must be declared in a *.schema.yaml file passed as AdditionalFiles.",
        helpLinkUri: HelpLinkBase + RuleIds.SpecMissing + ".md");

    public static readonly DiagnosticDescriptor StorageNameCollision = new(
        RuleIds.StorageNameCollision, "Storage names collide", "{0}", SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Two fields of one entity, or two entities, have the same storage name.",
        helpLinkUri: HelpLinkBase + RuleIds.StorageNameCollision + ".md");

    public static readonly DiagnosticDescriptor MissingKey = new(
        RuleIds.MissingKey, "Entity has no usable key", "{0}", SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Every entity needs a key naming one of its fields, a non-nullable string.",
        helpLinkUri: HelpLinkBase + RuleIds.MissingKey + ".md");

    public static readonly DiagnosticDescriptor IndexOnUnknownField = new(
        RuleIds.IndexOnUnknownField, "Index uses a field that does not exist", "{0}", SpecCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Every match and order field of an index must be a field of the entity.",
        helpLinkUri: HelpLinkBase + RuleIds.IndexOnUnknownField + ".md");

    public static readonly DiagnosticDescriptor PropertyNotInSpec = new(
        RuleIds.PropertyNotInSpec, "Property is not in the schema spec", "{0}", DriftCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A public settable property of a [StorageEntity] record has no field in the spec, so no backend would store it.",
        helpLinkUri: HelpLinkBase + RuleIds.PropertyNotInSpec + ".md");

    public static readonly DiagnosticDescriptor SpecFieldWithoutProperty = new(
        RuleIds.SpecFieldWithoutProperty, "Spec field has no property", "{0}", DriftCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A spec field maps a property the record does not have.",
        helpLinkUri: HelpLinkBase + RuleIds.SpecFieldWithoutProperty + ".md");

    public static readonly DiagnosticDescriptor TypeMismatch = new(
        RuleIds.TypeMismatch, "Property type differs from the spec", "{0}", DriftCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The property's storage type or nullability differs from the spec field's type.",
        helpLinkUri: HelpLinkBase + RuleIds.TypeMismatch + ".md");

    public static readonly DiagnosticDescriptor KeyMismatch = new(
        RuleIds.KeyMismatch, "Key property differs from the spec key", "{0}", DriftCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The property mapped by the spec's key field must exist and be a non-nullable string.",
        helpLinkUri: HelpLinkBase + RuleIds.KeyMismatch + ".md");

    public static readonly DiagnosticDescriptor NotPartialRecord = new(
        RuleIds.NotPartialRecord, "[StorageEntity] type is not a top-level partial record", "{0}", DriftCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The generator completes [StorageEntity] types, so each must be a top-level partial record.",
        helpLinkUri: HelpLinkBase + RuleIds.NotPartialRecord + ".md");

    public static readonly DiagnosticDescriptor UnsupportedType = new(
        RuleIds.UnsupportedType, "Type cannot be stored by any backend", "{0}", BackendCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The field visitor every backend uses carries string, int, long, double, bool, DateTime and JSON nodes only.",
        helpLinkUri: HelpLinkBase + RuleIds.UnsupportedType + ".md");

    public static readonly DiagnosticDescriptor UnindexableField = new(
        RuleIds.UnindexableField, "Field cannot be indexed by a referenced backend", "{0}", BackendCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A json field is a match or order field of an index, which a backend the application references cannot index.",
        helpLinkUri: HelpLinkBase + RuleIds.UnindexableField + ".md");

    public static readonly DiagnosticDescriptor VersionWithoutMigration = new(
        RuleIds.VersionWithoutMigration, "Version change without a migration step", "{0}", MigrationCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Every version above 1 needs a history entry with the steps that reach it, so MigrateAsync can upgrade stored data.",
        helpLinkUri: HelpLinkBase + RuleIds.VersionWithoutMigration + ".md");

    /// <summary>Every descriptor, for SchemaDriftAnalyzer.SupportedDiagnostics.</summary>
    public static readonly System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> All = System.Collections.Immutable.ImmutableArray.Create(
        SpecSyntax, SpecMissing, StorageNameCollision, MissingKey, IndexOnUnknownField,
        PropertyNotInSpec, SpecFieldWithoutProperty, TypeMismatch, KeyMismatch, NotPartialRecord,
        UnsupportedType, UnindexableField, VersionWithoutMigration);

    /// <summary>The descriptor of a rule ID produced by the spec parser or the binder.</summary>
    public static DiagnosticDescriptor ForRule(string ruleId)
    {
        foreach (var descriptor in All)
        {
            if (descriptor.Id == ruleId) return descriptor;
        }
        throw new System.ArgumentException($"no descriptor for rule '{ruleId}'", nameof(ruleId));
    }
}
