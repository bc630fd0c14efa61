using Chronos.Storage.Generators.VectorData;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Chronos.Storage.Generators.Tests;

/// <summary>
/// The MEVD record mapping (<see cref="VectorRecordGenerator"/>): golden output for a record using every supported
/// shape, that the output compiles, and that nothing is generated for records with problems or without Chronos.VectorData.
/// </summary>
public sealed class VectorRecordGeneratorTests
{
    public const string Hotel = """
        using System;
        using System.Collections.Generic;
        using Microsoft.Extensions.VectorData;

        namespace Travel;

        public sealed class Hotel
        {
            [VectorStoreKey] public Guid Id { get; set; }
            [VectorStoreData(StorageName = "hotel_name")] public string Name { get; set; } = "";
            [VectorStoreData] public int? Stars { get; init; }
            [VectorStoreData] public double Rating { get; set; }
            [VectorStoreData] public string[] Tags { get; set; } = [];
            [VectorStoreData] public List<long> Ids { get; set; } = [];
            [VectorStoreData] public DateTimeOffset Opened { get; set; }
            [VectorStoreData] public string? Note { get; set; }
            [VectorStoreVector(4, DistanceFunction = DistanceFunction.CosineDistance)] public float[]? Embedding { get; set; }
            public string NotMapped { get; set; } = "";
        }
        """;

    private static (Dictionary<string, string> Files, Compilation Output) Run(string source, bool withVectorData = true)
    {
        var compilation = GeneratorHarness.Compile([source, "global using System.Linq;"]);
        if (!withVectorData)
        {
            compilation = compilation.RemoveReferences(compilation.References.Where(r => r.Display?.EndsWith("Chronos.VectorData.dll", StringComparison.Ordinal) == true));
        }
        var driver = CSharpGeneratorDriver.Create([new VectorRecordGenerator().AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var files = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        return (files, output);
    }

    [Fact]
    public void Mapping_matches_the_golden_file_and_compiles()
    {
        var (files, output) = Run(Hotel);
        var actual = Assert.Single(files, f => f.Key == "Travel.Hotel.VectorRecordMapping.g.cs").Value;
        var golden = Path.Combine(GeneratorHarness.RepoRoot(), "tests", "Chronos.Storage.Generators.Tests", "Golden", "Travel.Hotel.VectorRecordMapping.g.cs");
        if (Environment.GetEnvironmentVariable("CHRONOS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual);
        }
        Assert.True(File.Exists(golden), $"missing golden file {golden}; run with CHRONOS_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(golden), actual);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void Nothing_is_generated_without_Chronos_VectorData()
    {
        var (files, _) = Run(Hotel, withVectorData: false);
        Assert.Empty(files);
    }

    [Fact]
    public void A_record_with_a_problem_gets_no_mapping()
    {
        var (files, output) = Run(Hotel.Replace("public float[]? Embedding", "public double[]? Embedding"));
        Assert.Empty(files);
        Assert.Empty(GeneratorHarness.Errors(output));
    }

    [Fact]
    public void Internal_and_nested_records_get_internal_mappings_with_flat_names()
    {
        var (files, output) = Run("""
            using Microsoft.Extensions.VectorData;
            internal static class Outer
            {
                internal sealed class Note
                {
                    [VectorStoreKey] public long Id { get; set; }
                    [VectorStoreVector(2)] public System.ReadOnlyMemory<float> V { get; set; }
                }
            }
            """);
        var text = Assert.Single(files).Value;
        Assert.Contains("internal sealed class Outer_NoteVectorRecordMapping", text);
        Assert.Empty(GeneratorHarness.Errors(output));
    }
}
