using Xunit;
using static Chronos.Storage.Analyzers.Tests.DiagnosticAssertions;
using static Chronos.Storage.Analyzers.Tests.OrderFixture;

namespace Chronos.Storage.Analyzers.Tests;

/// <summary>OrderSpec-file rules (CHR1xxx), backend capability (CHR3xxx) and migrations (CHR4xxx).</summary>
public sealed class BackendAndSpecRuleTests
{
    private static AnalyzerHarness.Run Analyze(string record, string spec) => new AnalyzerHarness.Run().Source(record).Spec(spec);

    [Fact]
    public void CHR1001_invalid_yaml_is_reported_at_file_line_and_column()
    {
        var spec = OrderSpec.Edit("type: int64 }", "type: \"int64 }");
        var diagnostic = Single(Analyze(OrderRecord, spec).Diagnostics(), "CHR1001");
        var line = spec.LineOf("\"int64");
        var column = spec.Split('\n')[line - 1].IndexOf('"') + 1;
        At(diagnostic, "shop.schema.yaml", line);
        Assert.Equal(column, diagnostic.Location.GetLineSpan().StartLinePosition.Character + 1);
        Names(diagnostic, "unterminated quoted string", $"shop.schema.yaml:{line}:{column}");
    }

    [Fact]
    public void CHR1001_unknown_field_type_is_reported_at_the_field()
    {
        var spec = OrderSpec.Edit("type: int64 }", "type: money }");
        var diagnostic = Single(Analyze(OrderRecord, spec).Diagnostics(), "CHR1001");
        At(diagnostic, "shop.schema.yaml", spec.LineOf("money"));
        Names(diagnostic, "entity 'Order'", "'total_cents'", "'money'");
    }

    [Fact]
    public void CHR1003_two_fields_with_one_storage_name_are_reported()
    {
        var spec = OrderSpec.Edit("{ name: total_cents,", "{ name: customer_id,");
        var diagnostic = Single(Analyze(OrderRecord, spec).Diagnostics(), "CHR1003");
        At(diagnostic, "shop.schema.yaml", spec.LineOf("property: TotalCents"));
        Names(diagnostic, "entity 'Order'", "'customer_id'", $"line {spec.LineOf("property: CustomerId")}");
    }

    [Fact]
    public void CHR1003_two_entities_in_two_files_with_one_storage_name_are_reported()
    {
        var invoices = InvoiceSpec.Edit("storage: invoices", "storage: orders");
        var run = Analyze(OrderRecord, OrderSpec).Spec(invoices, "billing.schema.yaml");
        var diagnostic = Single(run.Diagnostics(), "CHR1003");
        At(diagnostic, "shop.schema.yaml", OrderSpec.LineOf("entity: Order"));
        Names(diagnostic, "entity 'Order'", "'orders'", "entity 'Invoice'", $"billing.schema.yaml:{invoices.LineOf("entity: Invoice")}");
    }

    [Fact]
    public void CHR1003_distinct_storage_names_across_files_are_silent() =>
        None(Analyze(OrderRecord, OrderSpec).Spec(InvoiceSpec, "billing.schema.yaml").Diagnostics());

    [Fact]
    public void CHR1004_entity_without_key_is_reported()
    {
        var spec = OrderSpec.Edit("    key: id\n", "");
        var diagnostic = Single(Analyze(OrderRecord, spec).Diagnostics(), "CHR1004");
        At(diagnostic, "shop.schema.yaml", spec.LineOf("entity: Order"));
        Names(diagnostic, "entity 'Order'", "declares no key");
    }

    [Fact]
    public void CHR1004_key_that_is_not_a_string_field_is_reported()
    {
        var spec = OrderSpec.Edit("key: id", "key: total_cents");
        var diagnostic = Single(Analyze(OrderRecord, spec).Diagnostics(), "CHR1004");
        At(diagnostic, "shop.schema.yaml", spec.LineOf("key: total_cents"));
        Names(diagnostic, "entity 'Order'", "'total_cents'", "non-nullable string");
    }

    [Theory]
    [InlineData("match: [customer_id]", "match: [customer]", "match field 'customer'")]
    [InlineData("order: [placed_at desc, id desc]", "order: [placed desc, id desc]", "order field 'placed'")]
    public void CHR1005_index_on_a_missing_field_is_reported_at_the_index(string from, string to, string named)
    {
        var spec = OrderSpec.Edit(from, to);
        var diagnostic = Single(Analyze(OrderRecord, spec).Diagnostics(), "CHR1005");
        At(diagnostic, "shop.schema.yaml", spec.LineOf("by_customer"));
        Names(diagnostic, "entity 'Order'", "index 'by_customer'", named);
    }

    [Theory]
    [InlineData("decimal")]
    [InlineData("System.Guid")]
    [InlineData("byte[]")]
    [InlineData("float")]
    public void CHR3001_type_no_backend_stores_is_reported_at_the_property_even_if_the_spec_lists_it(string clrType)
    {
        var record = OrderRecord.Edit("public long TotalCents { get; init; }", $"public {clrType} TotalCents {{ get; init; }}");
        var diagnostic = Single(Analyze(record, OrderSpec).Diagnostics(), "CHR3001");
        At(diagnostic, "Order.cs", record.LineOf("TotalCents"));
        Names(diagnostic, "Order.TotalCents", "entity 'Order'", "no backend can store", "IFieldWriter", "shop.schema.yaml:");
    }

    [Fact]
    public void CHR3001_unsupported_property_absent_from_the_spec_is_reported_once_without_CHR2001()
    {
        var record = OrderRecord.Edit("public DateTime PlacedAt { get; init; }", "public DateTime PlacedAt { get; init; }\n    public decimal Discount { get; init; }");
        var diagnostic = Single(Analyze(record, OrderSpec).Diagnostics(), "CHR3001");
        Names(diagnostic, "Order.Discount", "'decimal'");
    }

    [Theory]
    [InlineData("Chronos.Storage.Sqlite", "SQLite", "TEXT")]
    [InlineData("Chronos.Storage.Postgres", "PostgreSQL", "jsonb")]
    [InlineData("Chronos.Storage.Redis", "Redis", "sorted-set")]
    [InlineData("Chronos.Storage.Dynamo", "DynamoDB", "GSI")]
    [InlineData("Chronos.Storage.MySql", "MariaDB/MySQL", "LONGTEXT")]
    public void CHR3002_json_index_field_is_reported_for_each_referenced_backend_that_cannot_index_it(string assembly, string backend, string why)
    {
        var spec = OrderSpec.Edit("match: [customer_id]", "match: [lines]");
        var diagnostic = Single(Analyze(OrderRecord, spec).Backends(assembly, "Chronos.Storage.Mongo").Diagnostics(), "CHR3002");
        At(diagnostic, "shop.schema.yaml", spec.LineOf("by_customer"));
        Names(diagnostic, "entity 'Order'", "index 'by_customer'", "'lines'", "property 'Lines'", "match field", backend, why);
    }

    [Fact]
    public void CHR3002_names_every_limited_backend_separately()
    {
        var spec = OrderSpec.Edit("order: [placed_at desc, id desc]", "order: [lines desc, id desc]");
        var diagnostics = Analyze(OrderRecord, spec).Backends("Chronos.Storage.Redis", "Chronos.Storage.Dynamo").Diagnostics();
        Assert.Equal(2, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.Equal("CHR3002", d.Id));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("Redis cannot index", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.GetMessage().Contains("DynamoDB cannot index", StringComparison.Ordinal));
    }

    [Fact]
    public void CHR3002_a_third_party_adapter_is_reported_from_its_own_capabilities_attribute()
    {
        var spec = OrderSpec.Edit("match: [customer_id]", "match: [lines]");
        var diagnostic = Single(Analyze(OrderRecord, spec)
            .CustomBackend("Contoso.Storage.Toy", "[assembly: StorageBackendCapabilities(\"ToyKV\", JsonIndexLimitation = \"keys are flat strings\")]")
            .Diagnostics(), "CHR3002");
        Names(diagnostic, "index 'by_customer'", "'lines'", "ToyKV cannot index: keys are flat strings");
    }

    [Theory]
    [InlineData("[assembly: StorageBackendCapabilities(\"ToyKV\")]")]
    [InlineData("")]
    public void CHR3002_third_party_adapter_without_a_json_limitation_is_silent(string attributes)
    {
        var spec = OrderSpec.Edit("match: [customer_id]", "match: [lines]");
        None(Analyze(OrderRecord, spec).CustomBackend("Contoso.Storage.Toy", attributes).Diagnostics());
    }

    [Theory]
    [InlineData("Chronos.Storage.Mongo")]
    [InlineData(null)]
    public void CHR3002_json_index_is_silent_when_no_referenced_backend_is_limited(string? assembly)
    {
        var spec = OrderSpec.Edit("match: [customer_id]", "match: [lines]");
        var run = Analyze(OrderRecord, spec);
        if (assembly is not null) run.Backends(assembly);
        None(run.Diagnostics());
    }

    private const string NoteRecordLine = "public DateTime PlacedAt { get; init; }\n    public string? Note { get; init; }";

    private static string SpecAtVersion2(string historyTail) => OrderSpec
        .Edit("version: 1\n", "version: 2\n")
        .Edit("      - { name: placed_at,   property: PlacedAt,   type: datetime }", "      - { name: placed_at,   property: PlacedAt,   type: datetime }\n      - { name: note, property: Note, type: string? }")
        .Edit("      - { version: 1, steps: [] }", "      - { version: 1, steps: [] }" + historyTail);

    [Fact]
    public void CHR4001_version_without_a_history_entry_is_reported_at_the_version()
    {
        var spec = SpecAtVersion2("");
        var diagnostic = Single(Analyze(OrderRecord.Edit("public DateTime PlacedAt { get; init; }", NoteRecordLine), spec).Diagnostics(), "CHR4001");
        At(diagnostic, "shop.schema.yaml", spec.LineOf("version: 2"));
        Names(diagnostic, "entity 'Order'", "version 2", $"shop.schema.yaml:{spec.LineOf("version: 2")}");
    }

    [Fact]
    public void CHR4001_history_entry_without_steps_is_reported_at_the_entry()
    {
        var spec = SpecAtVersion2("\n      - { version: 2, steps: [] }");
        var diagnostic = Single(Analyze(OrderRecord.Edit("public DateTime PlacedAt { get; init; }", NoteRecordLine), spec).Diagnostics(), "CHR4001");
        At(diagnostic, "shop.schema.yaml", spec.LineOf("version: 2, steps"));
        Names(diagnostic, "entity 'Order'", "version 2 has no steps");
    }

    [Fact]
    public void CHR4001_history_ahead_of_the_version_is_reported()
    {
        var spec = OrderSpec.Edit("      - { version: 1, steps: [] }", "      - { version: 1, steps: [] }\n      - { version: 2, steps: [ { add_index: by_customer } ] }");
        var diagnostic = Single(Analyze(OrderRecord, spec).Diagnostics(), "CHR4001");
        Names(diagnostic, "entity 'Order'", "version 2", "'version: 2'");
    }

    [Fact]
    public void CHR4001_version_with_its_step_is_silent() =>
        None(Analyze(OrderRecord.Edit("public DateTime PlacedAt { get; init; }", NoteRecordLine), SpecAtVersion2("\n      - { version: 2, steps: [ { add_field: note } ] }")).Diagnostics());
}
