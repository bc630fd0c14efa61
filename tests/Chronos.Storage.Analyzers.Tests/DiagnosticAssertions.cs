using Microsoft.CodeAnalysis;
using Xunit;

namespace Chronos.Storage.Analyzers.Tests;

internal static class DiagnosticAssertions
{
    /// <summary>Exactly one diagnostic, with this ID; returns it.</summary>
    public static Diagnostic Single(IEnumerable<Diagnostic> diagnostics, string id)
    {
        var all = diagnostics.ToList();
        Assert.True(all.Count == 1 && all[0].Id == id, $"expected exactly one {id}, got:\n{Describe(all)}");
        return all[0];
    }

    public static void None(IEnumerable<Diagnostic> diagnostics)
    {
        var all = diagnostics.ToList();
        Assert.True(all.Count == 0, $"expected no diagnostics, got:\n{Describe(all)}");
    }

    /// <summary>The diagnostic sits in <paramref name="fileName"/> at the 1-based <paramref name="line"/>.</summary>
    public static void At(Diagnostic diagnostic, string fileName, int line)
    {
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(fileName, Path.GetFileName(span.Path));
        Assert.Equal(line, span.StartLinePosition.Line + 1);
    }

    /// <summary>The message names every one of <paramref name="parts"/> (entity, property, spec position...).</summary>
    public static void Names(Diagnostic diagnostic, params string[] parts)
    {
        var message = diagnostic.GetMessage();
        foreach (var part in parts) Assert.True(message.Contains(part, StringComparison.Ordinal), $"'{part}' missing from: {message}");
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => $"  {d.Id} {d.Severity} {d.Location.GetLineSpan()} {d.GetMessage()}"));
}
