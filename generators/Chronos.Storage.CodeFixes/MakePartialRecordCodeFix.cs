using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Chronos.Storage.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Chronos.Storage.CodeFixes;

/// <summary>
/// CHR2005 when the only thing missing is the <c>partial</c> keyword on a top-level record. A class, or a nested
/// type, needs a decision by its author (equality semantics, moving the type), so no fix is offered for those.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialRecordCodeFix))]
public sealed class MakePartialRecordCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.NotPartialRecord);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf()
                .OfType<RecordDeclarationSyntax>().FirstOrDefault();
            if (declaration is null || declaration.Parent is TypeDeclarationSyntax
                || declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                continue;
            }
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Make '{declaration.Identifier.ValueText}' a partial record",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(declaration, AddPartial(declaration)))),
                    equivalenceKey: RuleIds.NotPartialRecord),
                diagnostic);
        }
    }

    /// <summary><c>partial</c> goes last among the modifiers, right before <c>record</c>, as C# requires.</summary>
    private static RecordDeclarationSyntax AddPartial(RecordDeclarationSyntax declaration)
    {
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (declaration.Modifiers.Count > 0) return declaration.WithModifiers(declaration.Modifiers.Add(partial));
        // With no modifiers the keyword carries the line's leading trivia (newline, indentation): move it to 'partial'.
        var keyword = declaration.Keyword;
        return declaration
            .WithKeyword(keyword.WithLeadingTrivia())
            .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
    }
}
