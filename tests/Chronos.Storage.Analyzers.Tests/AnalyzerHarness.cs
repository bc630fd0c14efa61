using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using Chronos.Storage.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Chronos.Storage.Analyzers.Tests;

/// <summary>
/// Runs the real <see cref="SchemaDriftAnalyzer"/> over an in-memory compilation that references the real runtime
/// assembly, with specs as AdditionalFiles and .editorconfig/.globalconfig applied the way the compiler applies them
/// (an <see cref="AnalyzerConfigSet"/> behind the compilation's <see cref="SyntaxTreeOptionsProvider"/>).
/// </summary>
internal static class AnalyzerHarness
{
    public const string SourceDir = "/src/";
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);
    private static readonly ImmutableArray<MetadataReference> PlatformReferences = LoadReferences();

    public static string RepoRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    public sealed class Run
    {
        public List<(string Path, string Text)> Sources { get; } = [];
        public List<(string Path, string Text)> Specs { get; } = [];
        public List<(string Path, string Text)> AnalyzerConfigs { get; } = [];
        public List<MetadataReference> BackendAssemblies { get; } = [];

        public Run Source(string text, string name = "Order.cs") { Sources.Add((SourceDir + name, text)); return this; }
        public Run Spec(string text, string name = "shop.schema.yaml") { Specs.Add((SourceDir + name, text)); return this; }
        public Run EditorConfig(string text) { AnalyzerConfigs.Add((SourceDir + ".editorconfig", text)); return this; }
        public Run GlobalConfig(string text) { AnalyzerConfigs.Add((SourceDir + ".globalconfig", text)); return this; }
        /// <summary>References the real adapter assemblies (this test project references their projects).</summary>
        public Run Backends(params string[] assemblyNames) { BackendAssemblies.AddRange(assemblyNames.Select(RealAdapter)); return this; }

        /// <summary>References an adapter written for the test, declaring <paramref name="assemblyAttributes"/>.</summary>
        public Run CustomBackend(string assemblyName, string assemblyAttributes) { BackendAssemblies.Add(Stub(assemblyName, assemblyAttributes)); return this; }

        public CSharpCompilation Compilation()
        {
            var trees = Sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, path: s.Path));
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
            if (AnalyzerConfigs.Count > 0)
            {
                var set = AnalyzerConfigSet.Create(AnalyzerConfigs.Select(c => AnalyzerConfig.Parse(c.Text, c.Path)).ToList());
                options = options.WithSyntaxTreeOptionsProvider(new ConfigSetOptionsProvider(set));
            }
            var references = PlatformReferences.AddRange(BackendAssemblies);
            return CSharpCompilation.Create("UserApp", trees, references, options);
        }

        public ImmutableArray<AdditionalText> AdditionalTexts() =>
            [.. Specs.Select(s => (AdditionalText)new InMemoryAdditionalText(s.Path, s.Text))];

        /// <summary>The analyzer's diagnostics after #pragma and configured severities, ordered by position.</summary>
        public ImmutableArray<Diagnostic> Diagnostics()
        {
            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new SchemaDriftAnalyzer());
            var withAnalyzers = Compilation().WithAnalyzers(analyzers, new AnalyzerOptions(AdditionalTexts()));
            var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            return [.. diagnostics.OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal).ThenBy(d => d.Location.GetLineSpan().StartLinePosition)];
        }
    }

    /// <summary>
    /// A shipped adapter as the application would reference it: its built assembly, whose
    /// <c>StorageBackendCapabilities</c> attribute the analyzer reads from metadata.
    /// </summary>
    private static MetadataReference RealAdapter(string assemblyName) =>
        MetadataReference.CreateFromFile(Assembly.Load(new AssemblyName(assemblyName)).Location);

    /// <summary>A third-party adapter: an assembly with the given name and assembly attributes, built against the runtime.</summary>
    private static MetadataReference Stub(string assemblyName, string assemblyAttributes)
    {
        var source = $"using Chronos.Storage.Providers;\n{assemblyAttributes}\nnamespace Stub {{ public static class Marker {{ }} }}";
        var stub = CSharpCompilation.Create(assemblyName, [CSharpSyntaxTree.ParseText(source)],
            PlatformReferences, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = stub.Emit(image);
        if (!emitted.Success) throw new InvalidOperationException(string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The test's own Chronos.* assemblies (adapters included) stay out: a run references exactly the adapters it names.
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("Chronos.", StringComparison.Ordinal));
        return [.. trusted.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
            MetadataReference.CreateFromFile(typeof(StorageEntityAttribute).Assembly.Location)];
    }

    /// <summary>Severity settings from analyzer config files, per tree and global, as csc derives them.</summary>
    private sealed class ConfigSetOptionsProvider(AnalyzerConfigSet set) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            set.GetOptionsForSourcePath(tree.FilePath).TreeOptions.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            set.GlobalConfigOptions.TreeOptions.TryGetValue(diagnosticId, out severity);
    }
}

/// <summary>An in-memory AdditionalFiles entry.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}
