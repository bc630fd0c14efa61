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
    private const string VectorDataCategory = "Chronos.VectorData";

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
    public static readonly DiagnosticDescriptor VectorKeyCount = Vector(RuleIds.VectorKeyCount, "Vector record needs exactly one key",
        "A record mapped to a Chronos vector store needs exactly one [VectorStoreKey] property: it becomes the embedding id.");

    public static readonly DiagnosticDescriptor VectorCount = Vector(RuleIds.VectorCount, "Vector record needs exactly one vector",
        "A Chronos embedding has exactly one vector, so a mapped record needs exactly one [VectorStoreVector] property.");

    public static readonly DiagnosticDescriptor VectorUnsupportedKey = Vector(RuleIds.VectorUnsupportedKey, "Vector key type is not supported",
        "Chronos vector keys are string, Guid, int or long (stored as the embedding id).");

    public static readonly DiagnosticDescriptor VectorUnsupportedDataType = Vector(RuleIds.VectorUnsupportedDataType, "Vector data property cannot be stored",
        "Data properties become top-level metadata values: scalars (string, bool, numbers, Guid, dates) or arrays/lists of them, under unique identifier storage names.");

    public static readonly DiagnosticDescriptor VectorUnsupportedVectorType = Vector(RuleIds.VectorUnsupportedVectorType, "Vector property type or dimension is not supported",
        "The vector property must be ReadOnlyMemory<float>, float[], Embedding<float> or string (embedded by a generator), with a positive dimension.");

    public static readonly DiagnosticDescriptor VectorUnsupportedSetting = Vector(RuleIds.VectorUnsupportedSetting, "Vector attribute setting is not supported",
        "Chronos searches by cosine similarity with each backend's own index and never generates keys: other distance functions, index kinds and auto-generated keys are refused.");

    public static readonly DiagnosticDescriptor VectorRecordShape = Vector(RuleIds.VectorRecordShape, "Vector record cannot be created by the mapping",
        "The generated mapping creates records with an object initializer: the type must be an accessible non-generic class with a parameterless constructor and settable mapped properties.");

    private static DiagnosticDescriptor Vector(string id, string title, string description) =>
        new(id, title, "{0}", VectorDataCategory, DiagnosticSeverity.Error, isEnabledByDefault: true, description: description, helpLinkUri: HelpLinkBase + id + ".md");

    public static readonly System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> All = System.Collections.Immutable.ImmutableArray.Create(
        SpecSyntax, SpecMissing, StorageNameCollision, MissingKey, IndexOnUnknownField,
        PropertyNotInSpec, SpecFieldWithoutProperty, TypeMismatch, KeyMismatch, NotPartialRecord,
        UnsupportedType, UnindexableField, VersionWithoutMigration,
        VectorKeyCount, VectorCount, VectorUnsupportedKey, VectorUnsupportedDataType, VectorUnsupportedVectorType, VectorUnsupportedSetting, VectorRecordShape);

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
