using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Chronos.Storage.Generators;
using Chronos.Storage.Generators.Analyzers;
using Chronos.Storage.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Chronos.Storage.CodeFixes;

/// <summary>
/// CHR2001 "property is not in the schema spec": adds the property to the spec as the next version (field line,
/// version bump, history entry with an add_field step). Edits the spec (an AdditionalDocument), never the record.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPropertyToSpecCodeFix))]
public sealed class AddPropertyToSpecCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.PropertyNotInSpec);

    /// <summary>
    /// No fix-all: each fix is one version with one step, and two independent fixes would both claim the same next
    /// version. Fixing one property at a time keeps the history linear.
    /// </summary>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var data = diagnostic.Properties;
            if (!data.TryGetValue(SchemaDriftAnalyzer.FixData.SpecPath, out var specPath) || specPath is null
                || !data.TryGetValue(SchemaDriftAnalyzer.FixData.Entity, out var entity) || entity is null
                || !data.TryGetValue(SchemaDriftAnalyzer.FixData.FieldName, out var field) || field is null
                || !data.TryGetValue(SchemaDriftAnalyzer.FixData.PropertyName, out var property) || property is null
                || !data.TryGetValue(SchemaDriftAnalyzer.FixData.FieldType, out var type) || type is null)
            {
                continue;
            }
            var spec = context.Document.Project.AdditionalDocuments.FirstOrDefault(d => d.FilePath == specPath);
            if (spec is null) continue;
            var text = await spec.GetTextAsync(context.CancellationToken).ConfigureAwait(false);
            var edited = SpecEditor.AddField(text.ToString(), entity, field, property, type);
            if (edited is null) continue;
            var solution = context.Document.Project.Solution.WithAdditionalDocumentText(spec.Id, SourceText.From(edited, text.Encoding));
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add '{field}: {type}' to entity '{entity}' in {System.IO.Path.GetFileName(specPath)} as a new version",
                    _ => Task.FromResult(solution),
                    equivalenceKey: RuleIds.PropertyNotInSpec + ":" + entity + "." + field),
                diagnostic);
        }
    }
}
