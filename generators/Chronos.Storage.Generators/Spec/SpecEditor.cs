using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Chronos.Storage.Generators.Spec;

/// <summary>
/// Mechanical edits of a schema spec's text, for code fixes. Positions come from <see cref="YamlReader"/> (the same
/// reader the generator uses), and every other line is left as the author wrote it, comments included.
/// </summary>
internal static class SpecEditor
{
    /// <summary>
    /// Adds a field to an entity as the next version: the field line at the end of <c>fields</c>, <c>version</c>
    /// bumped, and a history entry <c>{ version: N+1, steps: [ { add_field: name } ] }</c>. Returns null when the
    /// entity, a block-style <c>fields</c> list or a plain integer <c>version</c> cannot be found, or when the text is
    /// not readable YAML (the fix is then not offered).
    /// </summary>
    public static string? AddField(string text, string entityName, string fieldName, string propertyName, string fieldType)
    {
        YamlNode? root;
        try
        {
            root = YamlReader.Read(text);
        }
        catch (YamlSyntaxException)
        {
            return null;
        }
        if (root is not YamlMapping { } rootMap || rootMap["entities"] is not YamlSequence entities) return null;
        var entity = entities.Items.OfType<YamlMapping>().FirstOrDefault(e => (e["entity"] as YamlScalar)?.Value == entityName);
        if (entity is null || entity["fields"] is not YamlSequence fields || fields.Items.Count == 0) return null;
        if (entity["version"] is not YamlScalar { Quoted: false } versionNode
            || !int.TryParse(versionNode.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return null;

        var newline = text.Contains("\r\n") ? "\r\n" : "\n";
        var lines = text.Replace("\r\n", "\n").Split('\n').ToList();
        if (!IsBlockSequence(lines, fields)) return null;
        var next = version + 1;

        var inserts = new List<(int After, string[] Lines)>
        {
            (LastLineOf(lines, fields), new[] { $"{Indent(fields)}- {{ name: {fieldName}, property: {propertyName}, type: {fieldType} }}" }),
        };
        var step = DefaultFor(fieldType) is { } value ? $"{{ add_field: {fieldName}, default: {value} }}" : $"{{ add_field: {fieldName} }}";
        var historyEntry = $"{{ version: {next}, steps: [ {step} ] }}";
        switch (entity["history"])
        {
            case YamlSequence history when history.Items.Count > 0 && IsBlockSequence(lines, history):
                inserts.Add((LastLineOf(lines, history), new[] { $"{Indent(history)}- {historyEntry}" }));
                break;
            case null:
                var keyIndent = new string(' ', entity.Column - 1);
                inserts.Add((LastLineOf(lines, entities, entity), new[] { $"{keyIndent}history:", $"{keyIndent}  - {historyEntry}" }));
                break;
            default:
                return null; // a flow-style or empty history: not edited mechanically
        }

        var versionLine = lines[versionNode.Line - 1];
        var at = versionNode.Column - 1;
        lines[versionNode.Line - 1] = versionLine.Substring(0, at) + next.ToString(CultureInfo.InvariantCulture)
            + versionLine.Substring(at + versionNode.Value.Length);
        // Bottom-up keeps earlier line numbers valid; at one line, the later insert goes in first so that the field
        // line ends up above a new history block.
        foreach (var (after, added) in inserts.Select((insert, order) => (insert.After, insert.Lines, order))
                     .OrderByDescending(i => i.After).ThenByDescending(i => i.order).Select(i => (i.After, i.Lines)))
        {
            lines.InsertRange(after + 1, added);
        }
        return string.Join(newline, lines);
    }

    /// <summary>The JSON text a non-nullable added field gets in stored records; nullable fields default to null.</summary>
    private static string? DefaultFor(string fieldType) => fieldType switch
    {
        "int32" or "int64" or "double" => "0",
        "bool" => "false",
        "string" => "'\"\"'",
        "json" => "'{}'",
        _ => null,
    };

    private static string Indent(YamlSequence sequence) => new(' ', sequence.Column - 1);

    /// <summary>A block sequence's node sits on its first '- ' line; a flow one on its key's line.</summary>
    private static bool IsBlockSequence(List<string> lines, YamlSequence sequence) =>
        lines[sequence.Line - 1].TrimStart(' ').StartsWith("-", System.StringComparison.Ordinal)
        && lines[sequence.Line - 1].Length - lines[sequence.Line - 1].TrimStart(' ').Length == sequence.Column - 1;

    /// <summary>
    /// The 0-based index of the last line of <paramref name="item"/> (default: the last item) of a block sequence:
    /// its dash line plus every following line indented deeper than the dash; trailing blank and comment lines stay out.
    /// </summary>
    private static int LastLineOf(List<string> lines, YamlSequence sequence, YamlNode? item = null)
    {
        item ??= sequence.Items[sequence.Items.Count - 1];
        var dashIndent = sequence.Column - 1;
        var last = item.Line - 1;
        for (var i = last + 1; i < lines.Count; i++)
        {
            var content = lines[i].TrimStart(' ');
            if (content.Length == 0 || content.StartsWith("#", System.StringComparison.Ordinal)) continue;
            if (lines[i].Length - content.Length <= dashIndent) break;
            last = i;
        }
        return last;
    }
}
