namespace Chronos.Storage.Analyzers.Tests;

/// <summary>A user entity whose record and spec agree; each test changes one thing in one of them.</summary>
internal static class OrderFixture
{
    public const string OrderRecord = """
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

    public const string OrderSpec = """
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

    /// <summary>A second entity in its own spec file, for collisions across files.</summary>
    public const string InvoiceSpec = """
        schema: billing
        entities:
          - entity: Invoice
            storage: invoices
            version: 1
            key: id
            fields:
              - { name: id, property: Id, type: string }
        """;

    /// <summary><paramref name="text"/> with one edit; fails loudly if the fixture no longer contains <paramref name="from"/>.</summary>
    public static string Edit(this string text, string from, string to)
    {
        if (!text.Contains(from, StringComparison.Ordinal)) throw new InvalidOperationException($"fixture does not contain '{from}'");
        return text.Replace(from, to, StringComparison.Ordinal);
    }

    /// <summary>The 1-based line of the first line containing <paramref name="snippet"/>.</summary>
    public static int LineOf(this string text, string snippet)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(snippet, StringComparison.Ordinal)) return i + 1;
        }
        throw new InvalidOperationException($"'{snippet}' not found");
    }
}
