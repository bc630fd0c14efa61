using Xunit;

namespace Chronos.Storage.Generators.Tests;

/// <summary>
/// A record with a property its spec does not list (CHR2001) still gets its generated members, so the application
/// code that uses them keeps compiling and the build reports CHR2001 alone, not CS0311/CS0103 errors that hide it
/// (issue 14 §2). The generated mapping is the spec's: the unlisted property is simply not stored.
/// </summary>
public sealed class DriftFollowOnTests
{
    private const string Usage = """
        using Chronos.Storage;
        using Chronos.Storage.Json;

        namespace Shop;

        public static class OrderUse
        {
            public static string Json(Order order) => EntityJson.Serialize(order);
            public static IndexQuery ByCustomer(string id) => new(OrderIndexes.ByCustomer, id);
        }
        """;

    [Fact]
    public void A_property_missing_from_the_spec_leaves_no_follow_on_compiler_errors()
    {
        var record = UserEntityFixture.RecordWithNote.Replace("public string? Note { get; init; }", "public string Note { get; init; } = \"\";");
        var (files, output, _) = GeneratorHarness.Run(
            GeneratorHarness.Compile([record, Usage]), new InMemoryAdditionalText("shop.schema.yaml", UserEntityFixture.Spec));
        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.Contains("Shop.Order.Contract.g.cs", files.Keys);
        Assert.DoesNotContain("\"note\"", files["Shop.Order.Contract.g.cs"]);
    }

    [Fact]
    public void A_required_property_missing_from_the_spec_leaves_no_follow_on_compiler_errors()
    {
        var record = UserEntityFixture.RecordWithNote.Replace("public string? Note { get; init; }", "public required string Note { get; init; }");
        var (_, output, _) = GeneratorHarness.Run(
            GeneratorHarness.Compile([record, Usage]), new InMemoryAdditionalText("shop.schema.yaml", UserEntityFixture.Spec));
        Assert.Empty(GeneratorHarness.Errors(output));
    }
}
