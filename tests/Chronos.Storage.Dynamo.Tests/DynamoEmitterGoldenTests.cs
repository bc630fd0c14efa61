using System.Collections.Immutable;
using Chronos.Storage.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Chronos.Storage.Dynamo.Tests;

/// <summary>
/// The generator's DynamoDB output for a small entity, compared with Golden/*.Dynamo.g.cs. Set CHRONOS_UPDATE_GOLDEN=1
/// to rewrite the files after an intended change (then review the diff).
/// </summary>
public sealed class DynamoEmitterGoldenTests
{
    private const string Record = """
        using System;
        namespace Sample;
        [Chronos.Storage.StorageEntity]
        public sealed partial record Reading
        {
            public required string Id { get; init; }
            public required string DeviceId { get; init; }
            public long Seq { get; init; }
            public double Value { get; init; }
            public DateTime TakenAt { get; init; }
        }
        """;

    private const string Spec = """
        schema: sample
        entities:
          - entity: Reading
            storage: readings
            version: 1
            key: id
            fields:
              - { name: id,        property: Id,       type: string }
              - { name: device_id, property: DeviceId, type: string }
              - { name: seq,       property: Seq,      type: int64 }
              - { name: value,     property: Value,    type: double }
              - { name: taken_at,  property: TakenAt,  type: datetime }
            indexes:
              - { name: by_device, match: [device_id], order: [taken_at desc, id desc] }
              - { name: by_seq,    match: [device_id], order: [seq asc], unique: true }
            history:
              - { version: 1, steps: [] }
        """;

    [Fact]
    public void DynamoLayoutMatchesTheGoldenFile()
    {
        var generated = DynamoSource(Record, Spec);
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "Reading.Dynamo.g.cs");
        if (Environment.GetEnvironmentVariable("CHRONOS_UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine(SourceDirectory(), "Golden", "Reading.Dynamo.g.cs");
            File.WriteAllText(source, generated);
            return;
        }
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), generated);
    }

    [Fact]
    public void AddingAnIndexOrAFieldChangesTheLayout()
    {
        var baseline = DynamoSource(Record, Spec);
        var withIndex = DynamoSource(Record, Spec.Replace(
            "      - { name: by_seq,",
            "      - { name: by_value,  match: [device_id], order: [value asc] }\n      - { name: by_seq,",
            StringComparison.Ordinal));
        var withField = DynamoSource(
            Record.Replace("public DateTime TakenAt", "public string Unit { get; init; } = \"\";\n    public DateTime TakenAt", StringComparison.Ordinal),
            Spec.Replace("      - { name: taken_at,", "      - { name: unit,      property: Unit,     type: string }\n      - { name: taken_at,", StringComparison.Ordinal));

        Assert.NotEqual(baseline, withIndex);
        Assert.Contains("GsiName: \"gsi3\"", withIndex, StringComparison.Ordinal);
        Assert.Contains("Name: \"by_value\"", withIndex, StringComparison.Ordinal);
        Assert.NotEqual(baseline, withField);
        // taken_at moved from ordinal 4 to 5: the sort ordinals follow.
        Assert.Contains("SortOrdinals: global::System.Collections.Immutable.ImmutableArray.Create(5, 0)", withField, StringComparison.Ordinal);
    }

    private static string DynamoSource(string record, string spec)
    {
        var compilation = CSharpCompilation.Create("Sample",
            [CSharpSyntaxTree.ParseText(record, new CSharpParseOptions(LanguageVersion.Preview))],
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new StorageEntityGenerator().AsSourceGenerator()],
            [new InMemoryText("sample.schema.yaml", spec)],
            new CSharpParseOptions(LanguageVersion.Preview));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        var result = driver.GetRunResult();
        var dynamo = result.GeneratedTrees.SingleOrDefault(t => t.FilePath.EndsWith("Reading.Dynamo.g.cs", StringComparison.Ordinal));
        Assert.True(dynamo is not null, "no Dynamo file; generated: " + string.Join(", ", result.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath))));
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return dynamo.GetText().ToString().ReplaceLineEndings("\n");
    }

    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(Session).Assembly.Location));

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
