using System.Collections.Immutable;
using System.Linq;
using Chronos.Storage.Generators.Emit;
using Chronos.Storage.Generators.Model;
using Chronos.Storage.Generators.Parsing;
using Chronos.Storage.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Chronos.Storage.Generators;

/// <summary>
/// Parse ([StorageEntity] records + *.schema.yaml AdditionalFiles) -> equatable <see cref="EntityModel"/> -> one
/// emitter per concern. Entities whose record and spec disagree are skipped here (except for a property the spec does
/// not list, CHR2001: the spec's mapping is still whole, and emitting it keeps follow-on errors from hiding CHR2001)
/// and reported by the drift analyzer, so diagnostics honour #pragma and .editorconfig. Once per compilation, the
/// JSON resolver over all its entities (<see cref="JsonResolverEmitter"/>).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class StorageEntityGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps (asserted by the incremental caching tests).</summary>
    public static class Steps
    {
        public const string Records = "Chronos.Records";
        public const string Specs = "Chronos.Specs";
        public const string Models = "Chronos.Models";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var records = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                RecordParser.AttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => RecordParser.Parse((INamedTypeSymbol)ctx.TargetSymbol, ctx.Attributes.FirstOrDefault(), ct))
            .WithTrackingName(Steps.Records);

        var specs = context.AdditionalTextsProvider
            .Where(static file => SchemaSpecParser.IsSpecPath(file.Path))
            .Select(static (file, ct) => SchemaSpecParser.Parse(file.Path, file.GetText(ct)?.ToString()))
            .WithTrackingName(Steps.Specs)
            .Collect()
            .Select(static (docs, _) => docs.OrderBy(d => d.Path, System.StringComparer.Ordinal).ToEquatableArray());

        var models = records
            .Combine(specs)
            .Select(static (pair, _) => EntityBinder.Bind(pair.Left, pair.Right).Model)
            .WithTrackingName(Steps.Models);

        context.RegisterSourceOutput(models, static (spc, model) =>
        {
            if (model is null) return;
            var hint = model.Namespace.Length == 0 ? model.TypeName : model.Namespace + "." + model.TypeName;
            foreach (var (suffix, emit) in EntityEmitters.All)
            {
                spc.AddSource($"{hint}.{suffix}.g.cs", SourceText.From(emit(model), System.Text.Encoding.UTF8));
            }
        });

        // One JSON resolver per compilation over all its entities. Only equatable values flow into the output step,
        // so an edit that changes no entity, namespace or assembly name leaves it cached.
        var compilation = context.CompilationProvider.Select(static (c, _) =>
            (c.AssemblyName, DeclaresBuiltInResolver: c.Assembly.GetTypeByMetadataName(JsonResolverEmitter.BuiltInResolver) is not null));
        var rootNamespace = context.AnalyzerConfigOptionsProvider.Select(static (o, _) =>
            o.GlobalOptions.TryGetValue("build_property.RootNamespace", out var ns) ? ns : null);
        var resolver = models.Collect().Combine(compilation).Combine(rootNamespace).Select(static (input, _) =>
            JsonResolverEmitter.Plan(input.Left.Left, input.Right, input.Left.Right.AssemblyName, input.Left.Right.DeclaresBuiltInResolver));
        context.RegisterSourceOutput(resolver, static (spc, plan) =>
        {
            if (plan is null) return;
            spc.AddSource(JsonResolverEmitter.HintName, SourceText.From(JsonResolverEmitter.Emit(plan), System.Text.Encoding.UTF8));
        });
    }
}
