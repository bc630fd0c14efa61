using Chronos.Storage.Generators.Analyzers;
using Xunit;
using static Chronos.Storage.Analyzers.Tests.DiagnosticAssertions;
using static Chronos.Storage.Analyzers.Tests.OrderFixture;

namespace Chronos.Storage.Analyzers.Tests;

/// <summary>OrderRecord-vs-spec drift (CHR2xxx) and the spec-missing rule: each fires where it should and nowhere else.</summary>
public sealed class DriftRuleTests
{
    private static AnalyzerHarness.Run Analyze(string record, string spec) => new AnalyzerHarness.Run().Source(record).Spec(spec);

    public static TheoryData<string> AllRuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in DiagnosticDescriptors.All) data.Add(descriptor.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllRuleIds))]
    public void Agreeing_record_and_spec_raise_no_rule_even_with_every_backend_referenced(string ruleId)
    {
        var diagnostics = Analyze(OrderRecord, OrderSpec)
            .Backends("Chronos.Storage.Sqlite", "Chronos.Storage.Postgres", "Chronos.Storage.Redis", "Chronos.Storage.Dynamo", "Chronos.Storage.Mongo", "Chronos.Storage.MySql")
            .Diagnostics();
        Assert.DoesNotContain(diagnostics, d => d.Id == ruleId);
        None(diagnostics);
    }

    [Fact]
    public void Built_in_entities_and_their_spec_raise_nothing()
    {
        var root = Path.Combine(AnalyzerHarness.RepoRoot(), "runtime", "Chronos.Storage");
        var run = new AnalyzerHarness.Run().Spec(File.ReadAllText(Path.Combine(root, "chronos.schema.yaml")), "chronos.schema.yaml");
        foreach (var file in Directory.GetFiles(Path.Combine(root, "Entities"), "*.cs")) run.Source(File.ReadAllText(file), Path.GetFileName(file));
        Assert.True(run.Sources.Count >= 6);
        run.Source(ImplicitUsings, "GlobalUsings.g.cs");
        None(run.Diagnostics());
    }

    /// <summary>What the SDK's ImplicitUsings adds to the runtime project.</summary>
    private const string ImplicitUsings = "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Threading; global using System.Threading.Tasks;";

    [Fact]
    public void A_property_whose_type_does_not_resolve_is_left_to_the_compiler()
    {
        var record = OrderRecord.Edit("public long TotalCents { get; init; }", "public Money TotalCents { get; init; }");
        var compilerErrors = Analyze(record, OrderSpec).Compilation().GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.Contains(compilerErrors, d => d.Id == "CS0246");
        None(Analyze(record, OrderSpec).Diagnostics());
    }

    [Fact]
    public void CHR2001_property_not_in_spec_is_reported_at_the_property()
    {
        var record = OrderRecord.Edit("public DateTime PlacedAt { get; init; }", "public DateTime PlacedAt { get; init; }\n    public string? Note { get; init; }");
        var diagnostic = Single(Analyze(record, OrderSpec).Diagnostics(), "CHR2001");
        At(diagnostic, "Order.cs", record.LineOf("Note"));
        Names(diagnostic, "Order.Note", "entity 'Order'", $"shop.schema.yaml:{OrderSpec.LineOf("entity: Order")}");
        Assert.Equal("note", diagnostic.Properties[SchemaDriftAnalyzer.FixData.FieldName]);
        Assert.Equal("string?", diagnostic.Properties[SchemaDriftAnalyzer.FixData.FieldType]);
    }

    [Fact]
    public void CHR2002_spec_field_without_property_is_reported_at_the_type_naming_the_spec_line()
    {
        var spec = OrderSpec.Edit("      - { name: placed_at,", "      - { name: note,        property: Note,       type: string? }\n      - { name: placed_at,");
        var diagnostic = Single(Analyze(OrderRecord, spec).Diagnostics(), "CHR2002");
        At(diagnostic, "Order.cs", OrderRecord.LineOf("record Order"));
        Names(diagnostic, "'note'", "'Note'", "entity 'Order'", $"shop.schema.yaml:{spec.LineOf("name: note")}");
        Assert.Equal(spec.LineOf("name: note"), diagnostic.AdditionalLocations.Single().GetLineSpan().StartLinePosition.Line + 1);
    }

    [Theory]
    [InlineData("public long TotalCents { get; init; }", "public int TotalCents { get; init; }", "int32", "int64")]
    [InlineData("public long TotalCents { get; init; }", "public long? TotalCents { get; init; }", "int64?", "int64")]
    [InlineData("public DateTime PlacedAt { get; init; }", "public string PlacedAt { get; init; } = \"\";", "string", "datetime")]
    public void CHR2003_type_change_is_reported_with_both_types(string from, string to, string codeType, string specType)
    {
        var record = OrderRecord.Edit(from, to);
        var diagnostic = Single(Analyze(record, OrderSpec).Diagnostics(), "CHR2003");
        var property = to.Split(' ')[2];
        At(diagnostic, "Order.cs", record.LineOf(" " + property + " "));
        Names(diagnostic, $"Order.{property}", $"is {codeType}", $"is {specType}", "entity 'Order'", "shop.schema.yaml:");
    }

    [Fact]
    public void CHR2004_nullable_key_property_is_reported()
    {
        var record = OrderRecord.Edit("public required string Id { get; init; }", "public string? Id { get; init; }");
        var diagnostic = Single(Analyze(record, OrderSpec).Diagnostics(), "CHR2004");
        At(diagnostic, "Order.cs", record.LineOf("string? Id"));
        Names(diagnostic, "Order.Id", "key 'id'", "entity 'Order'", "non-nullable string", $"shop.schema.yaml:{OrderSpec.LineOf("name: id,")}");
    }

    [Fact]
    public void CHR2004_key_mapping_a_property_the_record_lacks_is_reported()
    {
        var spec = OrderSpec.Edit("property: Id,", "property: OrderId,");
        var diagnostic = Single(Analyze(OrderRecord, spec).Diagnostics().Where(d => d.Id != "CHR2001"), "CHR2004");
        Names(diagnostic, "key 'id'", "'OrderId'", "entity 'Order'");
    }

    [Theory]
    [InlineData("public sealed partial record Order", "public sealed record Order")]
    [InlineData("public sealed partial record Order", "public sealed partial class Order")]
    public void CHR2005_non_partial_or_non_record_is_reported_at_the_type(string from, string to)
    {
        var record = OrderRecord.Edit(from, to);
        var diagnostic = Single(Analyze(record, OrderSpec).Diagnostics(), "CHR2005");
        At(diagnostic, "Order.cs", record.LineOf("Order"));
        Names(diagnostic, "'Order'", "partial record");
    }

    [Fact]
    public void CHR1002_entity_absent_from_every_spec_is_reported_at_the_type()
    {
        var record = OrderRecord.Edit("[StorageEntity]", "[StorageEntity(\"Purchase\")]");
        var diagnostic = Single(Analyze(record, OrderSpec).Diagnostics(), "CHR1002");
        At(diagnostic, "Order.cs", record.LineOf("record Order"));
        Names(diagnostic, "'Order'", "'Purchase'");
    }

    [Fact]
    public void A_type_without_StorageEntity_is_not_analyzed()
    {
        var record = OrderRecord.Edit("[StorageEntity]", "").Edit("public DateTime PlacedAt { get; init; }", "public decimal PlacedAt { get; init; }");
        None(Analyze(record, OrderSpec).Diagnostics());
    }
}
