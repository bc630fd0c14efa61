using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Chronos.Storage.Generators.Model;
using Chronos.Storage.Generators.Registry;
using Chronos.Storage.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Chronos.Storage.Generators.Analyzers;

/// <summary>
/// The schema specs of one compilation, parsed once by <see cref="SchemaSpecParser"/> (the generator's own parser),
/// with their texts so that spec positions become precise <see cref="Location"/>s.
/// </summary>
internal sealed class SpecFileSet
{
    private readonly Dictionary<string, SourceText> _texts;

    private SpecFileSet(ImmutableArray<SpecDocument> documents, Dictionary<string, SourceText> texts, ImmutableArray<BackendCapabilities> backends)
    {
        Documents = documents;
        _texts = texts;
        Backends = backends;
        CrossFileProblems = SpecCollisions.Check(documents).ToImmutableArray();
    }

    /// <summary>Every spec document, ordered by path like the generator orders them.</summary>
    public ImmutableArray<SpecDocument> Documents { get; }

    /// <summary>What the referenced adapter assemblies declared about themselves.</summary>
    public ImmutableArray<BackendCapabilities> Backends { get; }

    /// <summary>Problems that involve more than one entity (possibly in different files).</summary>
    public ImmutableArray<SpecProblem> CrossFileProblems { get; }

    public static SpecFileSet Read(ImmutableArray<AdditionalText> files, Compilation compilation, CancellationToken cancellationToken)
    {
        var texts = new Dictionary<string, SourceText>(System.StringComparer.Ordinal);
        var documents = new List<SpecDocument>();
        foreach (var file in files.Where(f => SchemaSpecParser.IsSpecPath(f.Path)).OrderBy(f => f.Path, System.StringComparer.Ordinal))
        {
            var text = file.GetText(cancellationToken);
            if (text is not null) texts[file.Path] = text;
            documents.Add(SchemaSpecParser.Parse(file.Path, text?.ToString()));
        }
        return new SpecFileSet(documents.ToImmutableArray(), texts, BackendCapabilitiesParser.Parse(compilation, cancellationToken));
    }

    /// <summary>
    /// The location of a spec position: from the given line and column to the end of that line's content, so the
    /// squiggle covers the offending entry.
    /// </summary>
    public Location LocationOf(string path, int line, int column)
    {
        var zeroLine = System.Math.Max(0, line - 1);
        var zeroColumn = System.Math.Max(0, column - 1);
        if (!_texts.TryGetValue(path, out var text) || zeroLine >= text.Lines.Count)
        {
            var point = new LinePosition(zeroLine, zeroColumn);
            return Location.Create(path, default, new LinePositionSpan(point, point));
        }
        var textLine = text.Lines[zeroLine];
        var content = text.ToString(textLine.Span).TrimEnd();
        var startColumn = System.Math.Min(zeroColumn, content.Length);
        var endColumn = System.Math.Max(startColumn, content.Length);
        var span = TextSpan.FromBounds(textLine.Start + startColumn, textLine.Start + endColumn);
        return Location.Create(path, span, new LinePositionSpan(new LinePosition(zeroLine, startColumn), new LinePosition(zeroLine, endColumn)));
    }

    public Location LocationOf(SpecLocation location) => LocationOf(location.Path, location.Line, location.Column);
}
