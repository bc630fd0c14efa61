using System.Collections.Immutable;
using Chronos.Storage.CodeFixes;
using Chronos.Storage.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Chronos.Storage.Analyzers.Tests;

/// <summary>
/// A real <see cref="AdhocWorkspace"/> project with the record as a document and the spec as an AdditionalDocument:
/// diagnostics come from the analyzer over the project's own AnalyzerOptions, fixes from the real provider.
/// </summary>
internal sealed class CodeFixHarness
{
    private readonly AdhocWorkspace _workspace = new();
    private readonly ProjectId _projectId = ProjectId.CreateNewId();

    public CodeFixHarness(string record, string spec)
    {
        var compilation = new AnalyzerHarness.Run().Compilation();
        var solution = _workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            _projectId, VersionStamp.Create(), "UserApp", "UserApp", LanguageNames.CSharp,
            compilationOptions: compilation.Options, parseOptions: AnalyzerHarness.ParseOptions, metadataReferences: compilation.References));
        RecordId = DocumentId.CreateNewId(_projectId);
        SpecId = DocumentId.CreateNewId(_projectId);
        Solution = solution
            .AddDocument(RecordId, "Order.cs", SourceText.From(record), filePath: AnalyzerHarness.SourceDir + "Order.cs")
            .AddAdditionalDocument(SpecId, "shop.schema.yaml", SourceText.From(spec), filePath: AnalyzerHarness.SourceDir + "shop.schema.yaml");
    }

    public Solution Solution { get; private set; }

    public DocumentId RecordId { get; }

    public DocumentId SpecId { get; }

    public async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync()
    {
        var project = Solution.GetProject(_projectId)!;
        var compilation = (await project.GetCompilationAsync())!;
        return await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SchemaDriftAnalyzer()), project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>The fixes every provider of the CodeFixes assembly offers for <paramref name="diagnostic"/>.</summary>
    public async Task<List<CodeAction>> FixesAsync(Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(Solution.GetDocument(RecordId)!, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        foreach (var provider in Providers.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            await provider.RegisterCodeFixesAsync(context);
        }
        return actions;
    }

    private static readonly CodeFixProvider[] Providers = [new AddPropertyToSpecCodeFix(), new MakePartialRecordCodeFix()];

    /// <summary>Applies <paramref name="action"/> and returns the record's new text.</summary>
    public async Task<string> ApplyToRecordAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        Solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return (await Solution.GetDocument(RecordId)!.GetTextAsync()).ToString();
    }

    /// <summary>Applies <paramref name="action"/> to the harness's solution and returns the spec's new text.</summary>
    public async Task<string> ApplyAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        Solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return (await Solution.GetAdditionalDocument(SpecId)!.GetTextAsync()).ToString();
    }
}
