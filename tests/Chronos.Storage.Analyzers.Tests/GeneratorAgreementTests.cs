using Chronos.Storage.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using static Chronos.Storage.Analyzers.Tests.OrderFixture;

namespace Chronos.Storage.Analyzers.Tests;

/// <summary>
/// The analyzer and the generator share one parser and binder, so an entity the generator skips is one the analyzer
/// explains. Migration and backend-capability rules do not block generation (they concern stored data, not the
/// mapping), so the generator still emits with them.
/// </summary>
public sealed class GeneratorAgreementTests
{
    private const string Note = "public DateTime PlacedAt { get; init; }\n    public string? Note { get; init; }";

    public static TheoryData<string, string, string, bool> Cases() => new()
    {
        { "agreeing", OrderRecord, OrderSpec, true },
        // CHR2001 leaves the spec's mapping whole: the generator still emits it (no follow-on errors, issue 14).
        { "CHR2001", OrderRecord.Edit("public DateTime PlacedAt { get; init; }", Note), OrderSpec, true },
        { "CHR2003", OrderRecord.Edit("public long TotalCents", "public int TotalCents"), OrderSpec, false },
        { "CHR3001", OrderRecord.Edit("public long TotalCents", "public decimal TotalCents"), OrderSpec, false },
        { "CHR1005", OrderRecord, OrderSpec.Edit("match: [customer_id]", "match: [customer]"), false },
        { "CHR4001", OrderRecord, OrderSpec.Edit("version: 1\n", "version: 2\n"), true },
        { "CHR3002", OrderRecord, OrderSpec.Edit("match: [customer_id]", "match: [lines]"), true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generator_emits_exactly_when_no_blocking_rule_fires(string rule, string record, string spec, bool generated)
    {
        var run = new AnalyzerHarness.Run().Source(record).Spec(spec).Backends("Chronos.Storage.Sqlite");
        var diagnostics = run.Diagnostics();
        if (rule == "agreeing") Assert.Empty(diagnostics);
        else Assert.Contains(diagnostics, d => d.Id == rule);

        var driver = CSharpGeneratorDriver.Create([new StorageEntityGenerator().AsSourceGenerator()], run.AdditionalTexts(), AnalyzerHarness.ParseOptions);
        var sources = driver.RunGenerators(run.Compilation()).GetRunResult().Results.Single().GeneratedSources;
        Assert.Equal(generated, sources.Any(s => s.HintName.StartsWith("Shop.Order.", StringComparison.Ordinal)));
    }
}
