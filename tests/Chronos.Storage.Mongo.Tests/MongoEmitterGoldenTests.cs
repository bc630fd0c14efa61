using System.Runtime.CompilerServices;
using Chronos.Storage.Generators.Tests;
using Xunit;

namespace Chronos.Storage.Mongo.Tests;

/// <summary>
/// The MongoDB emitter on a small user entity: output compared with Golden/*.g.cs (CHRONOS_UPDATE_GOLDEN=1 rewrites
/// them), and a field or an index added to the spec changes the generated layout.
/// </summary>
public sealed class MongoEmitterGoldenTests
{
    private const string Record = """
        using System;
        using System.Text.Json.Nodes;
        using Chronos.Storage;
        namespace Shop;
        [StorageEntity]
        public sealed partial record Order
        {
            public required string Id { get; init; }
            public required string CustomerId { get; init; }
            public long Total { get; init; }
            public JsonNode? Lines { get; init; }
            public DateTime PlacedAt { get; init; }
        }
        """;

    private const string Spec = """
        schema: shop
        entities:
          - entity: Order
            storage: orders
            version: 1
            key: id
            fields:
              - { name: id,          property: Id,         type: string }
              - { name: customer_id, property: CustomerId, type: string }
              - { name: total,       property: Total,      type: int64 }
              - { name: lines,       property: Lines,      type: json? }
              - { name: placed_at,   property: PlacedAt,   type: datetime }
            indexes:
              - { name: by_customer, match: [customer_id], order: [placed_at desc, id desc] }
              - { name: by_total,    match: [], order: [total asc], unique: true }
            history:
              - { version: 1, steps: [] }
        """;

    private static string MongoOutput(string record, string spec)
    {
        var (files, output, _) = GeneratorHarness.Run(GeneratorHarness.Compile([record]), new InMemoryAdditionalText("shop.schema.yaml", spec));
        Assert.Empty(GeneratorHarness.Errors(output));
        return Assert.Single(files, f => f.Key.EndsWith(".Mongo.g.cs", StringComparison.Ordinal)).Value;
    }

    [Fact]
    public void GeneratedLayoutMatchesGoldenFile()
    {
        var actual = MongoOutput(Record, Spec);
        var golden = Path.Combine(Here(), "Golden", "Shop.Order.Mongo.g.cs");
        if (Environment.GetEnvironmentVariable("CHRONOS_UPDATE_GOLDEN") == "1") File.WriteAllText(golden, actual);
        Assert.True(File.Exists(golden), $"missing {golden}; run once with CHRONOS_UPDATE_GOLDEN=1");
        Assert.Equal(File.ReadAllText(golden), actual);
    }

    [Fact]
    public void KeyIsIdAndIndexesFollowTheSpec()
    {
        var output = MongoOutput(Record, Spec);
        Assert.Contains("""ElementNames: global::System.Collections.Immutable.ImmutableArray.Create("_id", "customer_id", "total", "lines", "placed_at")""", output);
        Assert.Contains("""new global::Chronos.Storage.Mongo.MongoIndexLayout("by_customer", "ix_orders_by_customer",""", output);
        Assert.Contains("""MongoIndexKey("customer_id", false), new global::Chronos.Storage.Mongo.MongoIndexKey("placed_at", true), new global::Chronos.Storage.Mongo.MongoIndexKey("_id", true)""", output);
        Assert.Contains("""new global::Chronos.Storage.Mongo.MongoIndexLayout("by_total", "ux_orders_by_total",""", output);
    }

    [Fact]
    public void AddingAFieldChangesTheElementNames()
    {
        var record = Record.Replace("public DateTime PlacedAt { get; init; }", "public DateTime PlacedAt { get; init; }\n    public string Note { get; init; } = \"\";");
        var spec = Spec.Replace("      - { name: placed_at,   property: PlacedAt,   type: datetime }",
            "      - { name: placed_at,   property: PlacedAt,   type: datetime }\n      - { name: note,        property: Note,       type: string }");
        Assert.NotEqual(Spec, spec);
        var output = MongoOutput(record, spec);
        Assert.NotEqual(MongoOutput(Record, Spec), output);
        Assert.Contains("\"placed_at\", \"note\")", output);
    }

    [Fact]
    public void AddingAnIndexAddsAnIndexModel()
    {
        var spec = Spec.Replace("    history:",
            "      - { name: by_placed, match: [], order: [placed_at asc, id asc] }\n    history:");
        Assert.NotEqual(Spec, spec);
        var output = MongoOutput(Record, spec);
        Assert.DoesNotContain("ix_orders_by_placed", MongoOutput(Record, Spec));
        Assert.Contains("""new global::Chronos.Storage.Mongo.MongoIndexLayout("by_placed", "ix_orders_by_placed",""", output);
    }

    private static string Here([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
