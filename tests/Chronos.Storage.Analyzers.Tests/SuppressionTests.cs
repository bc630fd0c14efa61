using Microsoft.CodeAnalysis;
using Xunit;
using static Chronos.Storage.Analyzers.Tests.DiagnosticAssertions;
using static Chronos.Storage.Analyzers.Tests.OrderFixture;

namespace Chronos.Storage.Analyzers.Tests;

/// <summary>
/// The reason the drift rules live in an analyzer and not in the generator: #pragma and configured severities apply.
/// Each test first shows the diagnostic without the suppression, so it can fail if suppression stops working or the
/// rule stops firing.
/// </summary>
public sealed class SuppressionTests
{
    private static readonly string RecordWithNote =
        OrderRecord.Edit("public DateTime PlacedAt { get; init; }", "public DateTime PlacedAt { get; init; }\n    public string? Note { get; init; }");

    private static AnalyzerHarness.Run Drifting() => new AnalyzerHarness.Run().Source(RecordWithNote).Spec(OrderSpec);

    [Fact]
    public void Pragma_warning_disable_silences_a_record_rule()
    {
        Single(Drifting().Diagnostics(), "CHR2001");
        var suppressed = RecordWithNote.Edit("    public string? Note { get; init; }",
            "#pragma warning disable CHR2001 // kept out of storage on purpose\n    public string? Note { get; init; }\n#pragma warning restore CHR2001");
        None(new AnalyzerHarness.Run().Source(suppressed).Spec(OrderSpec).Diagnostics());
    }

    [Fact]
    public void Pragma_for_another_rule_does_not_silence_it()
    {
        var other = RecordWithNote.Edit("    public string? Note { get; init; }", "#pragma warning disable CHR2002\n    public string? Note { get; init; }");
        Single(new AnalyzerHarness.Run().Source(other).Spec(OrderSpec).Diagnostics(), "CHR2001");
    }

    [Fact]
    public void Editorconfig_severity_none_silences_a_record_rule()
    {
        None(Drifting().EditorConfig("root = true\n\n[*.cs]\ndotnet_diagnostic.CHR2001.severity = none\n").Diagnostics());
    }

    [Fact]
    public void Editorconfig_severity_warning_downgrades_a_record_rule()
    {
        Assert.Equal(DiagnosticSeverity.Error, Single(Drifting().Diagnostics(), "CHR2001").Severity);
        var diagnostic = Single(Drifting().EditorConfig("root = true\n\n[*.cs]\ndotnet_diagnostic.CHR2001.severity = warning\n").Diagnostics(), "CHR2001");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
    }

    [Fact]
    public void Editorconfig_section_for_other_files_does_not_apply()
    {
        Single(Drifting().EditorConfig("root = true\n\n[Other.cs]\ndotnet_diagnostic.CHR2001.severity = none\n").Diagnostics(), "CHR2001");
    }

    [Fact]
    public void Globalconfig_severity_applies_to_a_rule_reported_in_the_spec_file()
    {
        var spec = OrderSpec.Edit("match: [customer_id]", "match: [customer]");
        Single(new AnalyzerHarness.Run().Source(OrderRecord).Spec(spec).Diagnostics(), "CHR1005");
        var run = new AnalyzerHarness.Run().Source(OrderRecord).Spec(spec).GlobalConfig("is_global = true\ndotnet_diagnostic.CHR1005.severity = warning\n");
        Assert.Equal(DiagnosticSeverity.Warning, Single(run.Diagnostics(), "CHR1005").Severity);
        var silenced = new AnalyzerHarness.Run().Source(OrderRecord).Spec(spec).GlobalConfig("is_global = true\ndotnet_diagnostic.CHR1005.severity = none\n");
        None(silenced.Diagnostics());
    }
}
