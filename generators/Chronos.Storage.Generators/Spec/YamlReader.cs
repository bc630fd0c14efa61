using System.Collections.Generic;
using System.Text;

namespace Chronos.Storage.Generators.Spec;

/// <summary>
/// Reads the YAML subset of schema specs: block mappings and sequences by indentation, single-line flow mappings and
/// sequences, plain and quoted scalars, comments. Anchors, tags and multi-line scalars are refused with a position.
/// Hand-written because an analyzer assembly cannot carry YamlDotNet reliably, and positions are needed for diagnostics.
/// </summary>
internal static class YamlReader
{
    private sealed class Line
    {
        public Line(int number, int indent, string content)
        {
            Number = number;
            Indent = indent;
            Content = content;
        }

        public int Number { get; }
        public int Indent { get; set; }
        public string Content { get; set; }
    }

    public static YamlNode? Read(string text)
    {
        var lines = Split(text);
        if (lines.Count == 0) return null;
        var position = 0;
        var root = ParseBlock(lines, ref position, lines[0].Indent);
        if (position < lines.Count)
        {
            var l = lines[position];
            throw new YamlSyntaxException("unexpected indentation", l.Number, l.Indent + 1);
        }
        return root;
    }

    private static List<Line> Split(string text)
    {
        var result = new List<Line>();
        var raw = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < raw.Length; i++)
        {
            var line = StripComment(raw[i]).TrimEnd();
            if (line.Trim().Length == 0) continue;
            if (line.IndexOf('\t') >= 0 && line.TrimStart(' ').Length != line.TrimStart(' ', '\t').Length)
            {
                throw new YamlSyntaxException("tabs are not allowed for indentation", i + 1, 1);
            }
            var indent = line.Length - line.TrimStart(' ').Length;
            var content = line.Substring(indent);
            if (content == "---") continue;
            result.Add(new Line(i + 1, indent, content));
        }
        return result;
    }

    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            if (c is '"' or '\'') quote = c;
            else if (c == '#' && (i == 0 || line[i - 1] == ' ')) return line.Substring(0, i);
        }
        return line;
    }

    private static YamlNode ParseBlock(List<Line> lines, ref int position, int indent)
    {
        var first = lines[position];
        return IsSequenceItem(first.Content)
            ? ParseSequence(lines, ref position, indent)
            : ParseMapping(lines, ref position, indent);
    }

    private static bool IsSequenceItem(string content) => content == "-" || content.StartsWith("- ", System.StringComparison.Ordinal);

    private static YamlSequence ParseSequence(List<Line> lines, ref int position, int indent)
    {
        var first = lines[position];
        var sequence = new YamlSequence(first.Number, indent + 1);
        while (position < lines.Count && lines[position].Indent == indent && IsSequenceItem(lines[position].Content))
        {
            var line = lines[position];
            var rest = line.Content.Length > 1 ? line.Content.Substring(2) : string.Empty;
            var restTrimmed = rest.TrimStart(' ');
            if (restTrimmed.Length == 0)
            {
                position++;
                if (position >= lines.Count || lines[position].Indent <= indent)
                {
                    sequence.Items.Add(new YamlScalar(string.Empty, false, line.Number, indent + 2));
                    continue;
                }
                sequence.Items.Add(ParseBlock(lines, ref position, lines[position].Indent));
                continue;
            }
            var itemIndent = indent + 2 + (rest.Length - restTrimmed.Length);
            if (!restTrimmed.StartsWith("{", System.StringComparison.Ordinal) && !restTrimmed.StartsWith("[", System.StringComparison.Ordinal)
                && FindMappingColon(restTrimmed) >= 0)
            {
                // "- key: value": the item is a block mapping whose first entry sits on the dash line.
                line.Indent = itemIndent;
                line.Content = restTrimmed;
                sequence.Items.Add(ParseMapping(lines, ref position, itemIndent));
                continue;
            }
            sequence.Items.Add(ParseInline(restTrimmed, line.Number, itemIndent + 1));
            position++;
        }
        return sequence;
    }

    private static YamlMapping ParseMapping(List<Line> lines, ref int position, int indent)
    {
        var first = lines[position];
        var mapping = new YamlMapping(first.Number, indent + 1);
        while (position < lines.Count && lines[position].Indent == indent)
        {
            var line = lines[position];
            if (IsSequenceItem(line.Content))
            {
                throw new YamlSyntaxException("a sequence item where a mapping key was expected", line.Number, indent + 1);
            }
            var colon = FindMappingColon(line.Content);
            if (colon < 0)
            {
                throw new YamlSyntaxException($"expected 'key: value', found '{line.Content}'", line.Number, indent + 1);
            }
            var key = Unquote(line.Content.Substring(0, colon).Trim(), line.Number, indent + 1);
            foreach (var existing in mapping.Entries)
            {
                if (existing.Key.Value == key.Value)
                {
                    throw new YamlSyntaxException($"duplicate key '{key.Value}' (first at line {existing.Key.Line})", line.Number, indent + 1);
                }
            }
            var rest = line.Content.Substring(colon + 1);
            var restTrimmed = rest.TrimStart(' ');
            position++;
            YamlNode value;
            if (restTrimmed.Length == 0)
            {
                if (position < lines.Count && lines[position].Indent > indent)
                {
                    value = ParseBlock(lines, ref position, lines[position].Indent);
                }
                else if (position < lines.Count && lines[position].Indent == indent && IsSequenceItem(lines[position].Content))
                {
                    value = ParseSequence(lines, ref position, indent);
                }
                else
                {
                    value = new YamlScalar(string.Empty, false, line.Number, indent + colon + 2);
                }
            }
            else
            {
                var column = indent + colon + 2 + (rest.Length - restTrimmed.Length);
                value = ParseInline(restTrimmed, line.Number, column);
            }
            mapping.Entries.Add(new KeyValuePair<YamlScalar, YamlNode>(key, value));
        }
        if (position < lines.Count && lines[position].Indent > indent)
        {
            var l = lines[position];
            throw new YamlSyntaxException("unexpected indentation", l.Number, l.Indent + 1);
        }
        return mapping;
    }

    /// <summary>The index of the ':' that ends a mapping key (followed by a space or the end), outside quotes and brackets.</summary>
    private static int FindMappingColon(string content)
    {
        var quote = '\0';
        var depth = 0;
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }
            switch (c)
            {
                case '"' or '\'': quote = c; break;
                case '{' or '[': depth++; break;
                case '}' or ']': depth--; break;
                case ':' when depth == 0 && (i + 1 == content.Length || content[i + 1] == ' '): return i;
            }
        }
        return -1;
    }

    private static YamlNode ParseInline(string text, int line, int column)
    {
        if (text.StartsWith("&", System.StringComparison.Ordinal) || text.StartsWith("*", System.StringComparison.Ordinal)
            || text.StartsWith("!", System.StringComparison.Ordinal) || text.StartsWith("|", System.StringComparison.Ordinal)
            || text.StartsWith(">", System.StringComparison.Ordinal))
        {
            throw new YamlSyntaxException($"'{text[0]}' (anchors, aliases, tags, block scalars) is not supported in schema specs", line, column);
        }
        if (text[0] is '{' or '[')
        {
            var index = 0;
            var node = ParseFlow(text, ref index, line, column);
            SkipSpaces(text, ref index);
            if (index != text.Length)
            {
                throw new YamlSyntaxException($"unexpected '{text.Substring(index)}' after a flow collection", line, column + index);
            }
            return node;
        }
        return Unquote(text, line, column);
    }

    private static YamlNode ParseFlow(string text, ref int index, int line, int column)
    {
        SkipSpaces(text, ref index);
        if (index >= text.Length) throw new YamlSyntaxException("unexpected end of line in a flow collection", line, column + index);
        var start = index;
        if (text[index] == '{')
        {
            index++;
            var mapping = new YamlMapping(line, column + start);
            while (true)
            {
                SkipSpaces(text, ref index);
                if (index < text.Length && text[index] == '}') { index++; return mapping; }
                var keyStart = index;
                var key = ReadFlowScalar(text, ref index, line, column, stopAtColon: true);
                SkipSpaces(text, ref index);
                if (index >= text.Length || text[index] != ':')
                {
                    throw new YamlSyntaxException($"expected ':' after key '{key.Value}'", line, column + index);
                }
                index++;
                SkipSpaces(text, ref index);
                var value = index < text.Length && text[index] is '{' or '['
                    ? ParseFlow(text, ref index, line, column)
                    : ReadFlowScalar(text, ref index, line, column, stopAtColon: false);
                foreach (var existing in mapping.Entries)
                {
                    if (existing.Key.Value == key.Value)
                    {
                        throw new YamlSyntaxException($"duplicate key '{key.Value}'", line, column + keyStart);
                    }
                }
                mapping.Entries.Add(new KeyValuePair<YamlScalar, YamlNode>(key, value));
                SkipSpaces(text, ref index);
                if (index < text.Length && text[index] == ',') { index++; continue; }
                if (index < text.Length && text[index] == '}') { index++; return mapping; }
                throw new YamlSyntaxException("expected ',' or '}' in a flow mapping", line, column + index);
            }
        }
        if (text[index] == '[')
        {
            index++;
            var sequence = new YamlSequence(line, column + start);
            while (true)
            {
                SkipSpaces(text, ref index);
                if (index < text.Length && text[index] == ']') { index++; return sequence; }
                var item = index < text.Length && text[index] is '{' or '['
                    ? ParseFlow(text, ref index, line, column)
                    : ReadFlowScalar(text, ref index, line, column, stopAtColon: false);
                sequence.Items.Add(item);
                SkipSpaces(text, ref index);
                if (index < text.Length && text[index] == ',') { index++; continue; }
                if (index < text.Length && text[index] == ']') { index++; return sequence; }
                throw new YamlSyntaxException("expected ',' or ']' in a flow sequence", line, column + index);
            }
        }
        return ReadFlowScalar(text, ref index, line, column, stopAtColon: false);
    }

    private static YamlScalar ReadFlowScalar(string text, ref int index, int line, int column, bool stopAtColon)
    {
        SkipSpaces(text, ref index);
        var start = index;
        if (index < text.Length && text[index] is '"' or '\'')
        {
            var quote = text[index];
            var end = text.IndexOf(quote, index + 1);
            if (end < 0) throw new YamlSyntaxException("unterminated quoted string", line, column + index);
            index = end + 1;
            return Unquote(text.Substring(start, index - start), line, column + start);
        }
        while (index < text.Length && text[index] is not (',' or '}' or ']') && !(stopAtColon && text[index] == ':'))
        {
            index++;
        }
        var raw = text.Substring(start, index - start).Trim();
        if (raw.Length == 0) throw new YamlSyntaxException("expected a value", line, column + start);
        return new YamlScalar(raw, false, line, column + start);
    }

    private static void SkipSpaces(string text, ref int index)
    {
        while (index < text.Length && text[index] == ' ') index++;
    }

    private static YamlScalar Unquote(string text, int line, int column)
    {
        if (text.Length >= 2 && text[0] == '"' && text[text.Length - 1] == '"')
        {
            var sb = new StringBuilder();
            for (var i = 1; i < text.Length - 1; i++)
            {
                var c = text[i];
                if (c == '\\' && i + 1 < text.Length - 1)
                {
                    i++;
                    sb.Append(text[i] switch { 'n' => '\n', 't' => '\t', '"' => '"', '\\' => '\\', _ => text[i] });
                }
                else
                {
                    sb.Append(c);
                }
            }
            return new YamlScalar(sb.ToString(), true, line, column);
        }
        if (text.Length >= 2 && text[0] == '\'' && text[text.Length - 1] == '\'')
        {
            return new YamlScalar(text.Substring(1, text.Length - 2).Replace("''", "'"), true, line, column);
        }
        if (text[0] is '"' or '\'')
        {
            throw new YamlSyntaxException("unterminated quoted string", line, column);
        }
        return new YamlScalar(text, false, line, column);
    }
}
