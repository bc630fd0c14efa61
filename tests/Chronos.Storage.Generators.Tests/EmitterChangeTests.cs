using Chronos.Storage.Generators.Emit;
using Xunit;

namespace Chronos.Storage.Generators.Tests;

/// <summary>
/// Every registered emitter (SQL, JSON, the contract, the migrations, and any added later) reacts to the
/// spec: adding a field changes its output and names the field; adding an index changes the output of every emitter
/// that lays out indexes. Exact output is pinned by <see cref="GoldenFileTests"/>.
/// </summary>
public sealed class EmitterChangeTests
{
    /// <summary>Emitters whose output does not depend on indexes (the JSON contract describes fields only).</summary>
    private static readonly string[] IndexAgnostic = ["Json"];

    /// <summary>
    /// Emitters that follow the spec's history rather than its current shape: the migration plan changes when a new
    /// version records the change (as the drift analyzer requires, CHR4001), so the index is added that way for them.
    /// </summary>
    private static readonly string[] HistoryDriven = ["Migrations"];

    public static TheoryData<string> Emitters() => new(EntityEmitters.All.Select(e => e.Suffix));

    private const string ByTotalIndex = "      - { name: by_total, match: [], order: [total_cents desc, id desc] }\n";

    [Theory]
    [MemberData(nameof(Emitters))]
    public void Adding_a_field_changes_the_output_and_names_the_field(string emitter)
    {
        var before = Generate(UserEntityFixture.Record, UserEntityFixture.Spec, emitter);
        var after = Generate(UserEntityFixture.RecordWithNote, UserEntityFixture.SpecWithNote, emitter);
        Assert.DoesNotContain("note", before, StringComparison.Ordinal);
        Assert.NotEqual(before, after);
        Assert.Contains("note", after, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Emitters))]
    public void Adding_an_index_changes_the_output_of_every_index_aware_emitter(string emitter)
    {
        var before = Generate(UserEntityFixture.Record, UserEntityFixture.Spec, emitter);
        var spec = UserEntityFixture.Spec.Replace("    history:\n", ByTotalIndex + "    history:\n", StringComparison.Ordinal);
        Assert.NotEqual(UserEntityFixture.Spec, spec);
        if (HistoryDriven.Contains(emitter))
        {
            spec = spec.Replace("    version: 1\n", "    version: 2\n", StringComparison.Ordinal)
                .Replace("      - { version: 1, steps: [] }", "      - { version: 1, steps: [] }\n      - { version: 2, steps: [ { add_index: by_total } ] }", StringComparison.Ordinal);
        }
        var after = Generate(UserEntityFixture.Record, spec, emitter);
        if (IndexAgnostic.Contains(emitter))
        {
            Assert.Equal(before, after);
        }
        else
        {
            Assert.NotEqual(before, after);
            Assert.Contains("by_total", after, StringComparison.Ordinal);
        }
    }

    private static string Generate(string record, string spec, string emitter)
    {
        var (files, output, _) = GeneratorHarness.Run(GeneratorHarness.Compile([record]), new InMemoryAdditionalText("shop.schema.yaml", spec));
        Assert.Empty(GeneratorHarness.Errors(output));
        return files[$"Shop.Order.{emitter}.g.cs"];
    }
}
