using System.Linq;
using Chronos.Storage.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Chronos.Storage.Generators.VectorData;

/// <summary>
/// Writes a <c>Chronos.VectorData.VectorRecordMapping&lt;TKey, TRecord&gt;</c> (class <c>{Type}VectorRecordMapping</c>,
/// static <c>Instance</c>, registered by a module initializer) for every type whose properties carry MEVD's vector
/// attributes, when the compilation references Chronos.VectorData. Records with problems are skipped here and
/// explained by <see cref="VectorRecordAnalyzer"/>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class VectorRecordGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the model step (asserted by caching tests).</summary>
    public const string ModelsStep = "Chronos.VectorRecords";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var enabled = context.CompilationProvider.Select(static (c, _) => c.GetTypeByMetadataName(VectorRecordParser.MappingBase) is not null);
        var models = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                VectorRecordParser.KeyAttribute,
                static (node, _) => node is PropertyDeclarationSyntax,
                static (ctx, _) => ctx.TargetSymbol.ContainingType is { } type ? VectorRecordParser.Parse(type).Model : null)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .Collect()
            .Select(static (all, _) => all.Distinct().ToEquatableArray())
            .WithTrackingName(ModelsStep);

        context.RegisterSourceOutput(models.Combine(enabled), static (spc, pair) =>
        {
            if (!pair.Right) return;
            foreach (var model in pair.Left)
            {
                var hint = model.Namespace.Length == 0 ? model.TypeName : model.Namespace + "." + model.TypeName;
                spc.AddSource($"{hint}.VectorRecordMapping.g.cs", SourceText.From(VectorRecordEmitter.Emit(model), System.Text.Encoding.UTF8));
            }
        });
    }
}
