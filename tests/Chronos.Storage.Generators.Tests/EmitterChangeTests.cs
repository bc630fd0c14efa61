using Chronos.Storage.Generators.Emit;
using Xunit;

namespace Chronos.Storage.Generators.Tests;

/// <summary>
/// Every registered emitter (SQL, Redis, MongoDB, DynamoDB, JSON, the contract, and any added later) reacts to the
/// spec: adding a field changes its output and names the field; adding an index changes the output of every emitter
/// that lays out indexes. Exact output is pinned by <see cref="GoldenFileTests"/>.
/// </summary>
public sealed class EmitterChangeTests
{
    /// <summary>Emitters whose output does not depend on indexes (the JSON contract describes fields only).</summary>
    private static readonly string[] IndexAgnostic = ["Json"];

    /// <summary>
    /// Emitters whose output describes only keys and indexes: the DynamoDB layout names no plain attribute (items are
    /// written through the visitor with the schema's storage names), so a field that no index uses does not change it.
    /// </summary>
    private static readonly string[] FieldAgnostic = ["Dynamo"];

    public static TheoryData<string> Emitters() => new(EntityEmitters.All.Select(e => e.Suffix));

    private const string ByTotalIndex = "      - { name: by_total, match: [], order: [total_cents desc, id desc] }\n";

    [Theory]
    [MemberData(nameof(Emitters))]
    public void Adding_a_field_changes_the_output_and_names_the_field(string emitter)
    {
        var before = Generate(UserEntityFixture.Record, UserEntityFixture.Spec, emitter);
        var after = Generate(UserEntityFixture.RecordWithNote, UserEntityFixture.SpecWithNote, emitter);
        Assert.DoesNotContain("note", before, StringComparison.Ordinal);
        if (FieldAgnostic.Contains(emitter))
        {
            // ...until an index uses the field: then it is part of the key design.
            var indexed = UserEntityFixture.SpecWithNote.Replace("    history:\n", "      - { name: by_note, match: [note], order: [id asc] }\n    history:\n", StringComparison.Ordinal);
            after = Generate(UserEntityFixture.RecordWithNote, indexed, emitter);
        }
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
