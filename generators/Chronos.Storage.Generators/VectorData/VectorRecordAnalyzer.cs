using System.Collections.Immutable;
using Chronos.Storage.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Chronos.Storage.Generators.VectorData;

/// <summary>
/// Reports CHR50xx for MEVD-attributed records the Chronos vector mapping cannot handle, using the generator's own
/// <see cref="VectorRecordParser"/> (a record reported here is exactly a record <see cref="VectorRecordGenerator"/>
/// skips). Only in compilations that reference Chronos.VectorData.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class VectorRecordAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.VectorKeyCount, DiagnosticDescriptors.VectorCount, DiagnosticDescriptors.VectorUnsupportedKey,
        DiagnosticDescriptors.VectorUnsupportedDataType, DiagnosticDescriptors.VectorUnsupportedVectorType,
        DiagnosticDescriptors.VectorUnsupportedSetting, DiagnosticDescriptors.VectorRecordShape);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(VectorRecordParser.MappingBase) is null) return;
            start.RegisterSymbolAction(symbol =>
            {
                var type = (INamedTypeSymbol)symbol.Symbol;
                if (!VectorRecordParser.IsVectorRecord(type)) return;
                foreach (var problem in VectorRecordParser.Parse(type).Problems)
                {
                    symbol.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ForRule(problem.RuleId), problem.Location, problem.Message));
                }
            }, SymbolKind.NamedType);
        });
    }
}
