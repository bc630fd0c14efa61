using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Chronos.Storage.Generators.Model;
using Chronos.Storage.Generators.Parsing;
using Chronos.Storage.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Chronos.Storage.Generators.Analyzers;

/// <summary>
/// Reports where the schema specs and the <c>[StorageEntity]</c> records disagree. It runs the generator's own
/// <see cref="SchemaSpecParser"/>, <see cref="RecordParser"/> and <see cref="EntityBinder"/>, so an entity the
/// generator skips is exactly an entity this analyzer explains. Being a separate analyzer (not generator output),
/// its diagnostics honour <c>#pragma warning disable</c> and .editorconfig severities.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SchemaDriftAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property keys read by the code fixes (CHR2001).</summary>
    public static class FixData
    {
        public const string SpecPath = "SpecPath";
        public const string Entity = "Entity";
        public const string FieldName = "FieldName";
        public const string PropertyName = "PropertyName";
        public const string FieldType = "FieldType";
    }

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var specs = SpecFileSet.Read(start.Options.AdditionalFiles, start.Compilation, start.CancellationToken);
            start.RegisterAdditionalFileAction(file => ReportSpecFile(file, specs));
            var attribute = start.Compilation.GetTypeByMetadataName(RecordParser.AttributeName);
            if (attribute is not null)
            {
                start.RegisterSymbolAction(symbol => AnalyzeType(symbol, attribute, specs), SymbolKind.NamedType);
            }
        });
    }

    private static void ReportSpecFile(AdditionalFileAnalysisContext context, SpecFileSet specs)
    {
        var path = context.AdditionalFile.Path;
        var document = specs.Documents.FirstOrDefault(d => d.Path == path);
        if (document is null) return;
        var problems = document.Problems
            .Concat(specs.CrossFileProblems.Where(p => p.Location.Path == path))
            .Concat(document.Entities.SelectMany(e => BackendIndexRules.Check(e, specs.Backends)));
        foreach (var problem in problems)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ForRule(problem.RuleId),
                specs.LocationOf(problem.Location),
                $"{problem.Message} ({problem.Location})"));
        }
    }

    private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol attributeType, SpecFileSet specs)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attribute = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType));
        if (attribute is null) return;
        var record = RecordParser.Parse(type, attribute, context.CancellationToken);
        var result = EntityBinder.Bind(record, specs.Documents);
        foreach (var problem in result.Problems)
        {
            var specLocation = problem.SpecPath is null ? null : new SpecLocation(problem.SpecPath, problem.SpecLine, problem.SpecColumn);
            var message = specLocation is null ? problem.Message : $"{problem.Message} (spec {specLocation})";
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ForRule(problem.RuleId),
                CodeLocation(type, problem.Property),
                specLocation is null ? null : new[] { specs.LocationOf(specLocation) },
                FixProperties(problem, record, specs),
                message));
        }
    }

    /// <summary>The property's declaration when the record has it, else the type's name.</summary>
    private static Location? CodeLocation(INamedTypeSymbol type, string? propertyName)
    {
        var property = propertyName is null ? null : type.GetMembers(propertyName).OfType<IPropertySymbol>().FirstOrDefault();
        return property?.Locations.FirstOrDefault(l => l.IsInSource) ?? type.Locations.FirstOrDefault(l => l.IsInSource);
    }

    /// <summary>What "add the property to the spec" needs: the field it would add, in the spec's own terms.</summary>
    private static ImmutableDictionary<string, string?>? FixProperties(BindingProblem problem, RecordModel record, SpecFileSet specs)
    {
        if (problem.RuleId != RuleIds.PropertyNotInSpec || problem.SpecPath is null) return null;
        var property = record.Properties.FirstOrDefault(p => p.Name == problem.Property);
        var kind = property is null ? null : StorageKindNames.ForShape(property.Shape);
        if (property is null || kind is null) return null;
        return new Dictionary<string, string?>
        {
            [FixData.SpecPath] = problem.SpecPath,
            [FixData.Entity] = record.SpecName,
            [FixData.FieldName] = Naming.Snake(property.Name),
            [FixData.PropertyName] = property.Name,
            [FixData.FieldType] = StorageKindNames.ToSpec(kind.Value) + (property.IsNullable ? "?" : string.Empty),
        }.ToImmutableDictionary();
    }
}
