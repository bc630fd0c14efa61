using Chronos.Storage.Generators.Spec;
using Xunit;
using static Chronos.Storage.Analyzers.Tests.DiagnosticAssertions;
using static Chronos.Storage.Analyzers.Tests.OrderFixture;

namespace Chronos.Storage.Analyzers.Tests;

/// <summary>CHR2001's fix: the property goes into the spec as the next version, and the drift is gone.</summary>
public sealed class AddPropertyToSpecCodeFixTests
{
    private static string RecordWith(string property) =>
        OrderRecord.Edit("public DateTime PlacedAt { get; init; }", "public DateTime PlacedAt { get; init; }\n    " + property);

    [Fact]
    public async Task Fix_adds_the_field_bumps_the_version_and_records_an_add_field_step()
    {
        var harness = new CodeFixHarness(RecordWith("public string? Note { get; init; }"), OrderSpec);
        var diagnostic = Single(await harness.DiagnosticsAsync(), "CHR2001");
        var fix = Assert.Single(await harness.FixesAsync(diagnostic));
        Assert.Equal("Add 'note: string?' to entity 'Order' in shop.schema.yaml as a new version", fix.Title);

        var spec = await harness.ApplyAsync(fix);

        var expected = OrderSpec
            .Edit("version: 1\n", "version: 2\n")
            .Edit("type: datetime }\n", "type: datetime }\n      - { name: note, property: Note, type: string? }\n")
            .Edit("      - { version: 1, steps: [] }", "      - { version: 1, steps: [] }\n      - { version: 2, steps: [ { add_field: note } ] }");
        Assert.Equal(expected, spec);
        None(await harness.DiagnosticsAsync());
    }

    [Fact]
    public async Task Fix_gives_a_non_nullable_field_a_default_for_existing_records()
    {
        var harness = new CodeFixHarness(RecordWith("public int Quantity { get; init; }"), OrderSpec);
        var fix = Assert.Single(await harness.FixesAsync(Single(await harness.DiagnosticsAsync(), "CHR2001")));
        var spec = await harness.ApplyAsync(fix);
        Assert.Contains("      - { name: quantity, property: Quantity, type: int32 }", spec);
        Assert.Contains("      - { version: 2, steps: [ { add_field: quantity, default: 0 } ] }", spec);
        var parsed = SchemaSpecParser.Parse("shop.schema.yaml", spec);
        Assert.Empty(parsed.Problems);
        var step = Assert.Single(parsed.Entities[0].History.Single(h => h.Version == 2).Steps);
        Assert.Equal(("add_field", "quantity", "0"), (step.Kind, step.Target, step.Argument));
        None(await harness.DiagnosticsAsync());
    }

    [Fact]
    public async Task Fixing_two_properties_one_after_the_other_makes_two_versions()
    {
        var harness = new CodeFixHarness(RecordWith("public string? Note { get; init; }\n    public bool Gift { get; init; }"), OrderSpec);
        var first = (await harness.DiagnosticsAsync()).First(d => d.Id == "CHR2001");
        await harness.ApplyAsync(Assert.Single(await harness.FixesAsync(first)));
        var second = Single(await harness.DiagnosticsAsync(), "CHR2001");
        var spec = await harness.ApplyAsync(Assert.Single(await harness.FixesAsync(second)));
        Assert.Contains("version: 3\n", spec);
        Assert.Contains("{ version: 2, steps: [ { add_field: note } ] }", spec);
        Assert.Contains("{ version: 3, steps: [ { add_field: gift, default: false } ] }", spec);
        None(await harness.DiagnosticsAsync());
    }

    [Fact]
    public async Task No_fix_is_offered_for_a_property_of_a_type_no_backend_stores()
    {
        var harness = new CodeFixHarness(RecordWith("public decimal Discount { get; init; }"), OrderSpec);
        var diagnostic = Single(await harness.DiagnosticsAsync(), "CHR3001");
        Assert.Empty(await harness.FixesAsync(diagnostic));
    }
}
