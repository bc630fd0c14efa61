using System.Collections.Immutable;
using Chronos.Storage.Generators.Registry;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Chronos.Storage.Configuration.Tests;

/// <summary>
/// The generator in an application's compilation: adapters are real assemblies compiled here in memory, each
/// carrying the attribute, referenced as metadata like NuGet packages would be.
/// </summary>
public sealed class BackendTableGeneratorTests
{
    private static readonly ImmutableArray<MetadataReference> Framework =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Select(path => MetadataReference.CreateFromFile(path)),
        MetadataReference.CreateFromFile(typeof(IStorage).Assembly.Location),
    ];

    private static readonly MetadataReference Sqlite = Adapter("Chronos.Storage.Sqlite", "sqlite", "SqliteBackendFactory", "Options = new[] { \"busy_timeout\" }");
    private static readonly MetadataReference Postgres = Adapter("Chronos.Storage.Postgres", "postgres", "PostgresBackendFactory", "");
    private static readonly MetadataReference Redis = Adapter("Chronos.Storage.Redis", "redis", "RedisBackendFactory", "");

    [Fact]
    public void App_referencing_only_sqlite_and_postgres_offers_exactly_those_two()
    {
        var (generated, _) = Run(App([Sqlite, Postgres]));

        var registrations = generated.Split('\n').Where(line => line.Contains(".Register(", StringComparison.Ordinal)).Select(line => line.Trim()).ToArray();
        Assert.Equal(
            [
                "global::Chronos.Storage.Providers.BackendRegistries.Storage.Register(global::Chronos.Storage.Providers.StorageBackendDescriptor.Create<global::Chronos.Storage.Postgres.PostgresBackendFactory>(\"postgres\", \"Chronos.Storage.Postgres\", new string[0], false));",
                "global::Chronos.Storage.Providers.BackendRegistries.Storage.Register(global::Chronos.Storage.Providers.StorageBackendDescriptor.Create<global::Chronos.Storage.Sqlite.SqliteBackendFactory>(\"sqlite\", \"Chronos.Storage.Sqlite\", new string[] { \"busy_timeout\" }, false));",
            ],
            registrations);
        Assert.DoesNotContain("redis", generated);
    }

    [Fact]
    public void Generated_table_compiles_in_the_application()
    {
        var (_, output) = Run(App([Sqlite, Postgres, Redis]));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void Backend_declared_in_the_application_itself_is_registered()
    {
        var own = """
            [assembly: Chronos.Storage.Providers.StorageBackend<App.LocalFactory>("local", DsnOptional = true)]
            namespace App;
            public static class Program { public static void Main() {} }
            public sealed class LocalFactory : Chronos.Storage.Providers.IStorageBackendFactory
            {
                public static System.Threading.Tasks.ValueTask<Chronos.Storage.IStorage> OpenAsync(Chronos.Storage.Providers.StorageBackendOptions options, System.Threading.CancellationToken ct) => throw null!;
            }
            """;
        var (generated, output) = Run(App([], own));
        Assert.Contains("Create<global::App.LocalFactory>(\"local\", \"App\", new string[0], true)", generated);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void Compilation_without_Chronos_Storage_gets_nothing()
    {
        var compilation = CSharpCompilation.Create("Plain", [CSharpSyntaxTree.ParseText("class C {}")],
            Framework.Where(r => r.Display?.Contains("Chronos.Storage") != true), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var driver = CSharpGeneratorDriver.Create(new BackendTableGenerator()).RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().GeneratedTrees);
    }

    [Fact]
    public void Unrelated_edit_keeps_the_table_cached_and_a_new_adapter_changes_it()
    {
        var generator = new BackendTableGenerator().AsSourceGenerator();
        var options = new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([generator], driverOptions: options);
        var app = App([Sqlite]);
        driver = driver.RunGenerators(app);

        driver = driver.RunGenerators(app.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated {}")));
        var step = Assert.Single(driver.GetRunResult().Results[0].TrackedSteps[BackendTableGenerator.TableStep]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(step.Outputs).Reason);

        driver = driver.RunGenerators(app.AddReferences(Postgres));
        step = Assert.Single(driver.GetRunResult().Results[0].TrackedSteps[BackendTableGenerator.TableStep]);
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(step.Outputs).Reason);
    }

    [Fact]
    public void Factory_that_is_not_public_is_left_out_with_a_comment()
    {
        var hidden = Adapter("Contoso.Hidden", "hidden", "HiddenFactory", "", accessibility: "internal");
        var (generated, output) = Run(App([Sqlite, hidden]));
        Assert.Contains("// Not registered: Storage backend 'hidden' from Contoso.Hidden: global::Contoso.Hidden.HiddenFactory is not public", generated);
        Assert.DoesNotContain("Create<global::Contoso.Hidden", generated);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    private static CSharpCompilation App(IEnumerable<MetadataReference> adapters, string source = "class Program { static void Main() {} }") =>
        CSharpCompilation.Create("App", [CSharpSyntaxTree.ParseText(source)], [.. Framework, .. adapters],
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));

    private static (string Generated, Compilation Output) Run(CSharpCompilation app)
    {
        var driver = CSharpGeneratorDriver.Create(new BackendTableGenerator()).RunGeneratorsAndUpdateCompilation(app, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var tree = Assert.Single(driver.GetRunResult().GeneratedTrees);
        return (tree.GetText().ToString(), output);
    }

    /// <summary>A real adapter assembly: references the runtime and declares itself with the attribute.</summary>
    private static MetadataReference Adapter(string assemblyName, string backend, string factory, string namedArguments, string accessibility = "public")
    {
        var arguments = namedArguments.Length == 0 ? "" : ", " + namedArguments;
        var source = $$"""
            [assembly: Chronos.Storage.Providers.StorageBackend<{{assemblyName}}.{{factory}}>("{{backend}}"{{arguments}})]
            namespace {{assemblyName}};
            {{accessibility}} sealed class {{factory}} : Chronos.Storage.Providers.IStorageBackendFactory
            {
                public static System.Threading.Tasks.ValueTask<Chronos.Storage.IStorage> OpenAsync(Chronos.Storage.Providers.StorageBackendOptions options, System.Threading.CancellationToken ct) => throw null!;
            }
            """;
        var compilation = CSharpCompilation.Create(assemblyName, [CSharpSyntaxTree.ParseText(source)], Framework,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
