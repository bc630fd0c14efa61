using Xunit;

namespace Chronos.Storage.Generators.Tests;

/// <summary>
/// The generated migration plan: every history step as data and as DDL for both SQL dialects, pinned by a golden file
/// over an entity whose history uses every step kind, plus the points that matter spelled out.
/// </summary>
public sealed class MigrationEmitterTests
{
    private const string Record = """
        using System;
        using Chronos.Storage;

        namespace Shop;

        [StorageEntity]
        public sealed partial record Order
        {
            public required string Id { get; init; }
            public required string CustomerId { get; init; }
            public long TotalCents { get; init; }
            public DateTime PlacedAt { get; init; }
            public string Channel { get; init; } = "";
            public bool Gift { get; init; }
            public DateTime? ShippedAt { get; init; }
        }
        """;

    // v2 adds 'channel' (default "web"), 'gift' (no default), an index on it, and a field dropped again in v3;
    // v3 renames 'shipped' to 'shipped_at', drops the 'by_total' index and the temporary field.
    private const string Spec = """
        schema: shop
        entities:
          - entity: Order
            storage: orders
            version: 3
            key: id
            fields:
              - { name: id,          property: Id,         type: string }
              - { name: customer_id, property: CustomerId, type: string }
              - { name: total_cents, property: TotalCents, type: int64 }
              - { name: placed_at,   property: PlacedAt,   type: datetime }
              - { name: channel,     property: Channel,    type: string }
              - { name: gift,        property: Gift,       type: bool }
              - { name: shipped_at,  property: ShippedAt,  type: datetime? }
            indexes:
              - { name: by_customer, match: [customer_id], order: [placed_at desc, id desc] }
              - { name: by_channel,  match: [channel],     order: [placed_at, id] }
            history:
              - { version: 1, steps: [] }
              - version: 2
                steps:
                  - { add_field: channel, default: '"web"' }
                  - { add_field: gift }
                  - { add_field: shipped }
                  - { add_field: scratch, default: '{}' }
                  - { add_index: by_channel }
              - version: 3
                steps:
                  - { rename_field: shipped, to: shipped_at }
                  - { drop_field: scratch }
                  - { drop_index: by_total }
        """;

    private static string Generate()
    {
        var (files, output, _) = GeneratorHarness.Run(GeneratorHarness.Compile([Record]), new InMemoryAdditionalText("shop.schema.yaml", Spec));
        Assert.Empty(GeneratorHarness.Errors(output));
        return files["Shop.Order.Migrations.g.cs"];
    }

    [Fact]
    public void Plan_matches_golden_file()
    {
        var actual = Generate();
        var golden = Path.Combine(GeneratorHarness.RepoRoot(), "tests", "Chronos.Storage.Generators.Tests", "Golden", "Shop.Order.Migrations.g.cs");
        if (Environment.GetEnvironmentVariable("CHRONOS_UPDATE_GOLDEN") == "1") File.WriteAllText(golden, actual);
        Assert.Equal(File.ReadAllText(golden), actual);
    }

    [Fact]
    public void Added_fields_carry_their_current_kind_ordinal_and_default()
    {
        var plan = Generate();
        Assert.Contains("MigrationStep.AddField(\"channel\", global::Chronos.Storage.Schema.FieldKind.String, false, \"\\\"web\\\"\", 4)", plan);
        Assert.Contains("MigrationStep.AddField(\"gift\", global::Chronos.Storage.Schema.FieldKind.Boolean, false, \"false\", 5)", plan);
        // Followed through the v3 rename to the current field.
        Assert.Contains("MigrationStep.AddField(\"shipped\", global::Chronos.Storage.Schema.FieldKind.DateTime, true, \"null\", 6)", plan);
        // Dropped again in v3: no current ordinal.
        Assert.Contains("MigrationStep.AddField(\"scratch\", global::Chronos.Storage.Schema.FieldKind.Json, true, \"{}\", -1)", plan);
        Assert.Contains("MigrationStep.AddIndex(\"by_channel\", 1)", plan);
    }

    [Fact]
    public void Sqlite_ddl_adds_renames_and_drops_in_step_order()
    {
        var plan = Generate();
        Assert.Contains("ALTER TABLE \\\"orders\\\" ADD COLUMN \\\"channel\\\" TEXT NOT NULL DEFAULT 'web'", plan);
        Assert.Contains("ALTER TABLE \\\"orders\\\" ADD COLUMN \\\"gift\\\" INTEGER NOT NULL DEFAULT 0", plan);
        Assert.Contains("ALTER TABLE \\\"orders\\\" ADD COLUMN \\\"shipped\\\" INTEGER\"", plan);
        Assert.Contains("CREATE INDEX IF NOT EXISTS \\\"ix_orders_by_channel\\\" ON \\\"orders\\\" (\\\"channel\\\", \\\"placed_at\\\", \\\"id\\\")", plan);
        Assert.Contains("ALTER TABLE \\\"orders\\\" RENAME COLUMN \\\"shipped\\\" TO \\\"shipped_at\\\"", plan);
        Assert.Contains("ALTER TABLE \\\"orders\\\" DROP COLUMN \\\"scratch\\\"", plan);
        Assert.Contains("DROP INDEX IF EXISTS \\\"ix_orders_by_total\\\"", plan);
    }

    [Fact]
    public void Postgres_ddl_uses_its_types_literals_and_existence_checks()
    {
        var plan = Generate();
        Assert.Contains("ALTER TABLE \\\"orders\\\" ADD COLUMN IF NOT EXISTS \\\"channel\\\" text COLLATE \\\"C\\\" NOT NULL DEFAULT 'web'", plan);
        // Indexed text orders by code points whatever the database's default collation; add_index retypes to it.
        Assert.Contains("ALTER TABLE \\\"orders\\\" ALTER COLUMN \\\"channel\\\" TYPE text COLLATE \\\"C\\\"\"", plan);
        Assert.Contains("ALTER TABLE \\\"orders\\\" ADD COLUMN IF NOT EXISTS \\\"gift\\\" boolean NOT NULL DEFAULT FALSE", plan);
        Assert.Contains("ALTER TABLE \\\"orders\\\" ADD COLUMN IF NOT EXISTS \\\"scratch\\\" jsonb DEFAULT '{}'::jsonb", plan);
        Assert.Contains("ALTER TABLE \\\"orders\\\" DROP COLUMN IF EXISTS \\\"scratch\\\"", plan);
    }

    [Fact]
    public void An_entity_without_history_has_the_empty_plan()
    {
        var (files, output, _) = GeneratorHarness.Run(
            GeneratorHarness.Compile([UserEntityFixture.Record]), new InMemoryAdditionalText("shop.schema.yaml", UserEntityFixture.Spec));
        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.Contains("Migrations => global::Chronos.Storage.Schema.MigrationPlan.None;", files["Shop.Order.Migrations.g.cs"]);
    }

    [Fact]
    public void Adding_a_field_in_a_new_version_adds_a_version_to_the_plan()
    {
        var (files, output, _) = GeneratorHarness.Run(
            GeneratorHarness.Compile([UserEntityFixture.RecordWithNote]), new InMemoryAdditionalText("shop.schema.yaml", UserEntityFixture.SpecWithNote));
        Assert.Empty(GeneratorHarness.Errors(output));
        var plan = files["Shop.Order.Migrations.g.cs"];
        Assert.Contains("Version: 2,", plan);
        Assert.Contains("ALTER TABLE \\\"orders\\\" ADD COLUMN \\\"note\\\" TEXT\"", plan);
        Assert.Contains("ALTER TABLE \\\"orders\\\" ADD COLUMN IF NOT EXISTS \\\"note\\\" text\"", plan);
    }
}
