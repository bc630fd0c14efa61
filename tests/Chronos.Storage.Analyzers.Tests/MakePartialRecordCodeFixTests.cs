using Xunit;
using static Chronos.Storage.Analyzers.Tests.DiagnosticAssertions;
using static Chronos.Storage.Analyzers.Tests.OrderFixture;

namespace Chronos.Storage.Analyzers.Tests;

/// <summary>CHR2005's fix: only the missing 'partial' on a top-level record is mechanical.</summary>
public sealed class MakePartialRecordCodeFixTests
{
    [Theory]
    [InlineData("public sealed record Order", "public sealed partial record Order")]
    [InlineData("record Order", "partial record Order")]
    public async Task Fix_adds_partial_before_record_and_the_diagnostic_goes_away(string broken, string expectedDeclaration)
    {
        var source = OrderRecord.Edit("public sealed partial record Order", broken);
        var harness = new CodeFixHarness(source, OrderSpec);
        var fix = Assert.Single(await harness.FixesAsync(Single(await harness.DiagnosticsAsync(), "CHR2005")));
        Assert.Equal("Make 'Order' a partial record", fix.Title);
        var fixedSource = await harness.ApplyToRecordAsync(fix);
        Assert.Equal(OrderRecord.Edit("public sealed partial record Order", expectedDeclaration), fixedSource);
        None(await harness.DiagnosticsAsync());
    }

    [Fact]
    public async Task No_fix_is_offered_for_a_class()
    {
        var harness = new CodeFixHarness(OrderRecord.Edit("public sealed partial record Order", "public sealed class Order"), OrderSpec);
        Assert.Empty(await harness.FixesAsync(Single(await harness.DiagnosticsAsync(), "CHR2005")));
    }
}
