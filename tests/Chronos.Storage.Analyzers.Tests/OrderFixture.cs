namespace Chronos.Storage.Analyzers.Tests;

/// <summary>A user entity whose record and spec agree; each test changes one thing in one of them.</summary>
internal static class OrderFixture
{
    // The Order record and its spec are the generator tests' fixture (linked into this project), so both suites
    // start from one agreeing pair.
    public const string OrderRecord = Chronos.Storage.Generators.Tests.UserEntityFixture.Record;

    public const string OrderSpec = Chronos.Storage.Generators.Tests.UserEntityFixture.Spec;

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
