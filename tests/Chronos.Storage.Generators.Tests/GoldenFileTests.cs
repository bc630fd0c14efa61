using Microsoft.CodeAnalysis;
using Xunit;

namespace Chronos.Storage.Generators.Tests;

/// <summary>
/// The generated source of the six built-in entities, compared byte for byte with the checked-in golden files.
/// A deliberate change is accepted by running the tests once with CHRONOS_UPDATE_GOLDEN=1 and reviewing the diff.
/// </summary>
public sealed class GoldenFileTests
{
    private static readonly string[] Entities = ["Session", "MemoryRecord", "AuditLog", "Trace", "Event", "Checkpoint"];
    // Every registered emitter is covered: a new backend emitter gets golden files here by construction.
    private static readonly string[] Suffixes = [.. Emit.EntityEmitters.All.Select(e => e.Suffix)];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var entity in Entities)
        {
            foreach (var suffix in Suffixes) data.Add(entity, suffix);
        }
        return data;
    }

    private const string ImplicitUsings = "global using System; global using System.Collections.Generic; global using System.Linq; global using System.Threading; global using System.Threading.Tasks;";

    private static readonly Lazy<Dictionary<string, string>> Generated = new(() =>
    {
        var runtime = Path.Combine(GeneratorHarness.RepoRoot(), "runtime", "Chronos.Storage");
        var sources = Directory.GetFiles(Path.Combine(runtime, "Entities"), "*.cs").Order().Select(File.ReadAllText).ToList();
        sources.Add(ImplicitUsings); // the runtime project builds with ImplicitUsings
        var spec = new InMemoryAdditionalText("chronos.schema.yaml", File.ReadAllText(Path.Combine(runtime, "chronos.schema.yaml")));
        // The runtime assembly is referenced too, so the entity types exist twice; the source ones win (CS0436 warnings).
        var (files, output, _) = GeneratorHarness.Run(GeneratorHarness.Compile(sources, "Chronos.Storage.GoldenInput"), spec);
        Assert.Empty(GeneratorHarness.Errors(output));
        return files;
    });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_source_matches_golden_file(string entity, string suffix)
    {
        var hint = $"Chronos.Storage.{entity}.{suffix}.g.cs";
        Assert.True(Generated.Value.TryGetValue(hint, out var actual), $"generator did not emit {hint}");
        var golden = Path.Combine(GeneratorHarness.RepoRoot(), "tests", "Chronos.Storage.Generators.Tests", "Golden", hint);
        if (Environment.GetEnvironmentVariable("CHRONOS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual);
        }
        Assert.True(File.Exists(golden), $"missing golden file {golden}; run with CHRONOS_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(golden), actual);
    }

    [Fact]
    public void Emits_exactly_the_expected_files_for_the_built_in_entities()
    {
        // Plus the one JSON resolver over all of them (its source: JsonResolverEmitterTests' golden file).
        var expected = Entities.SelectMany(e => Suffixes.Select(s => $"Chronos.Storage.{e}.{s}.g.cs")).Append("ChronosEntitiesJsonResolver.g.cs").Order().ToArray();
        Assert.Equal(expected, Generated.Value.Keys.Order().ToArray());
    }
}
