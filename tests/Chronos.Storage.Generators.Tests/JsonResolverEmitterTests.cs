using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Chronos.Storage.Generators.Tests;

/// <summary>
/// The JSON resolver generated once per compilation for its own entities (<c>{RootNamespace}.ChronosEntitiesJsonResolver</c>):
/// its source is a golden file, its namespace follows RootNamespace (else the assembly name), and the compiled resolver
/// serializes the app's entity, lists of it and a built-in entity through <see cref="JsonSerializerOptions"/>.
/// </summary>
public sealed class JsonResolverEmitterTests
{
    private const string HintName = "ChronosEntitiesJsonResolver.g.cs";
    private static readonly InMemoryAdditionalText Spec = new("shop.schema.yaml", UserEntityFixture.Spec);

    private static (Dictionary<string, string> Files, Compilation Output) Generate(string assemblyName, string? rootNamespace = null, params string[] extraSources)
    {
        var compilation = GeneratorHarness.Compile([UserEntityFixture.Record, .. extraSources], assemblyName);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new StorageEntityGenerator().AsSourceGenerator()], [Spec], GeneratorHarness.ParseOptions,
            new BuildProperties(rootNamespace is null ? [] : new() { ["build_property.RootNamespace"] = rootNamespace }));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var files = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.Empty(GeneratorHarness.Errors(output));
        return (files, output);
    }

    [Fact]
    public void Resolver_matches_golden_file()
    {
        var actual = Generate("Shop.App").Files[HintName];
        var golden = Path.Combine(GeneratorHarness.RepoRoot(), "tests", "Chronos.Storage.Generators.Tests", "Golden", "Shop.App." + HintName);
        if (Environment.GetEnvironmentVariable("CHRONOS_UPDATE_GOLDEN") == "1") File.WriteAllText(golden, actual);
        Assert.Equal(File.ReadAllText(golden), actual);
    }

    [Theory]
    [InlineData("Shop.App", null, "namespace Shop.App;")]
    [InlineData("Shop.App", "Contoso.Orders", "namespace Contoso.Orders;")]
    [InlineData("my-app.2nd", null, "namespace my_app._2nd;")]
    public void Namespace_is_the_root_namespace_else_the_assembly_name(string assemblyName, string? rootNamespace, string expected)
    {
        Assert.Contains("\n" + expected + "\n", Generate(assemblyName, rootNamespace).Files[HintName]);
    }

    [Fact]
    public void A_compilation_without_entities_gets_no_resolver()
    {
        var compilation = GeneratorHarness.Compile([UserEntityFixture.Unrelated]);
        var (files, _, _) = GeneratorHarness.Run(compilation);
        Assert.DoesNotContain(HintName, files.Keys);
    }

    [Fact]
    public void The_runtime_itself_lists_its_entities_without_chaining_to_the_resolver_that_delegates_to_it()
    {
        const string builtIn = "namespace Chronos.Storage.Json { public sealed class ChronosJsonResolver { } }";
        var source = Generate("Chronos.Storage", null, builtIn).Files[HintName];
        Assert.Contains("EntityJson.ResolveTypeInfo<global::Shop.Order>(type, options);", source);
        Assert.DoesNotContain("ChronosJsonResolver.Instance", source);
        Assert.Contains("?? global::Chronos.Storage.Json.ChronosJsonResolver.Instance.GetTypeInfo(type, options);", Generate("Shop.App").Files[HintName]);
    }

    [Fact]
    public void Compiled_resolver_serializes_the_entity_its_lists_and_the_built_ins_in_their_stored_shape()
    {
        var output = Generate("Shop.App").Output;
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var context = new AssemblyLoadContext("resolver-test", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(image.ToArray()));
            var resolverType = assembly.GetType("Shop.App.ChronosEntitiesJsonResolver", throwOnError: true)!;
            Assert.False(resolverType.IsPublic); // internal unless the project declares it public
            var resolver = (IJsonTypeInfoResolver)resolverType.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            var options = new JsonSerializerOptions { TypeInfoResolverChain = { resolver } };
            var order = assembly.GetType("Shop.Order", throwOnError: true)!;

            const string one = """{"id":"o1","customer_id":"c1","total_cents":1250,"lines":{"sku":"a"},"placed_at":"2026-12-07T01:02:03.456789Z"}""";
            var list = typeof(List<>).MakeGenericType(order);
            foreach (var (type, json) in new[] { (order, one), (list, $"[{one},{one.Replace("o1", "o2")}]"), (order.MakeArrayType(), $"[{one}]"),
                                                  (typeof(IReadOnlyList<>).MakeGenericType(order), $"[{one}]") })
            {
                var info = options.GetTypeInfo(type);
                Assert.Equal(type, info.Type);
                var value = JsonSerializer.Deserialize(json, info);
                Assert.Equal(json, JsonSerializer.Serialize(value, info));
            }
            // The six built-ins come through the same resolver (chained ChronosJsonResolver).
            var session = new Session { Id = "s1", AgentId = "a", UserId = "u", CreatedAt = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), UpdatedAt = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) };
            Assert.Contains("\"agent_id\":\"a\"", JsonSerializer.Serialize(session, options.GetTypeInfo(typeof(Session))));
            Assert.Null(resolver.GetTypeInfo(typeof(string), options));
        }
        finally
        {
            context.Unload();
        }
    }

    private sealed class BuildProperties(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options = new(values);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
