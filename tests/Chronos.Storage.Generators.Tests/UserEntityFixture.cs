namespace Chronos.Storage.Generators.Tests;

/// <summary>A small user-defined entity and its spec, in two versions: before and after adding a field.</summary>
internal static class UserEntityFixture
{
    public const string Record = """
        using System;
        using System.Text.Json.Nodes;
        using Chronos.Storage;

        namespace Shop;

        [StorageEntity]
        public sealed partial record Order
        {
            public required string Id { get; init; }
            public required string CustomerId { get; init; }
            public long TotalCents { get; init; }
            public JsonObject Lines { get; init; } = new();
            public DateTime PlacedAt { get; init; }
        }
        """;

    public const string RecordWithNote = """
        using System;
        using System.Text.Json.Nodes;
        using Chronos.Storage;

        namespace Shop;

        [StorageEntity]
        public sealed partial record Order
        {
            public required string Id { get; init; }
            public required string CustomerId { get; init; }
            public long TotalCents { get; init; }
            public JsonObject Lines { get; init; } = new();
            public DateTime PlacedAt { get; init; }
            public string? Note { get; init; }
        }
        """;

    public const string Spec = """
        schema: shop
        entities:
          - entity: Order
            storage: orders
            version: 1
            key: id
            fields:
              - { name: id,          property: Id,         type: string }
              - { name: customer_id, property: CustomerId, type: string }
              - { name: total_cents, property: TotalCents, type: int64 }
              - { name: lines,       property: Lines,      type: json }
              - { name: placed_at,   property: PlacedAt,   type: datetime }
            indexes:
              - { name: by_customer, match: [customer_id], order: [placed_at desc, id desc] }
            history:
              - { version: 1, steps: [] }
        """;

    public const string SpecWithNote = """
        schema: shop
        entities:
          - entity: Order
            storage: orders
            version: 2
            key: id
            fields:
              - { name: id,          property: Id,         type: string }
              - { name: customer_id, property: CustomerId, type: string }
              - { name: total_cents, property: TotalCents, type: int64 }
              - { name: lines,       property: Lines,      type: json }
              - { name: placed_at,   property: PlacedAt,   type: datetime }
              - { name: note,        property: Note,       type: string? }
            indexes:
              - { name: by_customer, match: [customer_id], order: [placed_at desc, id desc] }
            history:
              - { version: 1, steps: [] }
              - { version: 2, steps: [ { add_field: note } ] }
        """;

    public const string Unrelated = """
        namespace Shop;
        public static class Pricing { public static long Tax(long cents) => cents / 5; }
        """;
}
