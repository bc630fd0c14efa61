using Chronos.Storage.Generators;
using Chronos.Storage.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Chronos.Storage.Analyzers.Tests;

/// <summary>Every rule is catalogued once, documented, release-tracked and reachable from the parser/binder IDs.</summary>
public sealed class RuleCatalogueTests
{
    public static TheoryData<string> RuleIdsInCode()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(RuleIds).GetFields()) data.Add((string)field.GetRawConstantValue()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(RuleIdsInCode))]
    public void Each_rule_id_has_one_descriptor_a_docs_page_and_a_release_entry(string id)
    {
        var descriptor = DiagnosticDescriptors.ForRule(id);
        Assert.Single(DiagnosticDescriptors.All, d => d.Id == id);
        Assert.EndsWith($"docs/rules/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);

        var page = Path.Combine(AnalyzerHarness.RepoRoot(), "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"missing {page}");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## What it means", "## Example", "## How to fix", "## How to suppress" }) Assert.Contains(section, text);

        var unshipped = File.ReadAllLines(Path.Combine(AnalyzerHarness.RepoRoot(), "generators", "Chronos.Storage.Generators", "AnalyzerReleases.Unshipped.md"));
        var row = Assert.Single(unshipped, l => l.StartsWith(id + " ", StringComparison.Ordinal));
        Assert.Contains($"| {descriptor.Category} | {descriptor.DefaultSeverity} |", row);
    }

    [Fact]
    public void Descriptors_are_configurable_and_id_bands_match_categories()
    {
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            Assert.DoesNotContain(WellKnownDiagnosticTags.NotConfigurable, descriptor.CustomTags);
            var band = descriptor.Id[3];
            Assert.Equal(band switch { '1' => "Chronos.Spec", '2' => "Chronos.Drift", '3' => "Chronos.Backend", '5' => "Chronos.VectorData", _ => "Chronos.Migration" }, descriptor.Category);
        }
    }
}
