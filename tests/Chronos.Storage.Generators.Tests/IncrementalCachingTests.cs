using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Chronos.Storage.Generators.Tests;

/// <summary>
/// Caching in both directions: an unrelated edit leaves every model and output cached; a real edit (a new property
/// and spec field) re-runs the pipeline and changes the SQL and the JSON contract.
/// </summary>
public sealed class IncrementalCachingTests
{
    [Fact]
    public void Unrelated_edit_leaves_every_model_cached()
    {
        var compilation = GeneratorHarness.Compile([UserEntityFixture.Record]);
        var spec = new InMemoryAdditionalText("shop.schema.yaml", UserEntityFixture.Spec);
        var driver = GeneratorHarness.CreateDriver(spec).RunGenerators(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(UserEntityFixture.Unrelated, GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var models = result.TrackedSteps[StorageEntityGenerator.Steps.Models];
        Assert.NotEmpty(models);
        Assert.All(models.SelectMany(step => step.Outputs), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"model step was {output.Reason}"));
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs), output =>
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Adding_a_property_and_spec_field_reruns_and_changes_sql_and_json()
    {
        var compilation = GeneratorHarness.Compile([UserEntityFixture.Record]);
        var spec = new InMemoryAdditionalText("shop.schema.yaml", UserEntityFixture.Spec);
        var driver = GeneratorHarness.CreateDriver(spec).RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        var oldTree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(oldTree,
            CSharpSyntaxTree.ParseText(UserEntityFixture.RecordWithNote, GeneratorHarness.ParseOptions, oldTree.FilePath));
        driver = driver.ReplaceAdditionalText(spec, new InMemoryAdditionalText("shop.schema.yaml", UserEntityFixture.SpecWithNote));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var modelOutputs = result.TrackedSteps[StorageEntityGenerator.Steps.Models].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(modelOutputs, o => o.Reason == IncrementalStepRunReason.Modified);
        var after = result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.DoesNotContain("note", before["Shop.Order.Sql.g.cs"]);
        Assert.Contains("\\\"note\\\" TEXT", after["Shop.Order.Sql.g.cs"]);
        Assert.DoesNotContain("note", before["Shop.Order.Json.g.cs"]);
        Assert.Contains("\\\"note\\\":{\\\"type\\\":[\\\"string\\\",\\\"null\\\"]}", after["Shop.Order.Json.g.cs"]);
    }
}
