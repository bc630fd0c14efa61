using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Chronos.Storage.Configuration;

/// <summary>
/// Reads YAML into a <see cref="ConfigurationNode"/> tree with YamlDotNet's representation model (no reflection),
/// turning syntax errors into <see cref="StorageConfigurationException"/> with file:line:column.
/// </summary>
public static class YamlConfigurationReader
{
    /// <summary>Parses <paramref name="text"/>; an empty document yields an empty mapping.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="sourceName">The file name to show in locations.</param>
    /// <exception cref="StorageConfigurationException">Malformed YAML, duplicate key, or more than one document.</exception>
    public static ConfigurationNode Read(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e) when (IndentationTab(text) is { } tab)
        {
            // YamlDotNet reports a tab in the indentation at the start of the enclosing mapping (often 1:1): point at the tab.
            throw new StorageConfigurationException(
                $"{new ConfigurationLocation(sourceName, tab.Line, tab.Column)}: malformed YAML: a tab is used for indentation; YAML indents with spaces only.", e);
        }
        catch (YamlException e)
        {
            // YamlException.Message is the parser's description only; Start is where the problem is.
            throw new StorageConfigurationException(
                $"{new ConfigurationLocation(sourceName, (int)e.Start.Line, (int)e.Start.Column)}: malformed YAML: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way on some inputs (e.g. an unterminated flow sequence); the scanner's
            // position is where it stopped.
            var at = scanner.CurrentPosition;
            throw new StorageConfigurationException(
                $"{new ConfigurationLocation(sourceName, (int)at.Line, (int)at.Column)}: malformed YAML: the parser stopped here " +
                "(check for an unclosed '[', '{' or quote before this point).", e);
        }
        return stream.Documents.Count switch
        {
            0 => new ConfigurationMapping([], new ConfigurationLocation(sourceName, 1, 1)),
            1 => Convert(stream.Documents[0].RootNode, sourceName),
            _ => throw new StorageConfigurationException(
                $"{At(stream.Documents[1].RootNode, sourceName)}: malformed YAML: expected one document, found {stream.Documents.Count}."),
        };
    }

    /// <summary>The 1-based line and column of the first tab among a line's leading whitespace, or null.</summary>
    private static (int Line, int Column)? IndentationTab(string text)
    {
        var line = 1;
        var column = 1;
        var atIndentation = true;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
                column = 1;
                atIndentation = true;
                continue;
            }
            if (atIndentation && c == '\t') return (line, column);
            if (c != ' ' && c != '\r') atIndentation = false;
            column++;
        }
        return null;
    }

    private static ConfigurationNode Convert(YamlNode node, string sourceName) => node switch
    {
        YamlScalarNode scalar => new ConfigurationScalar(ScalarValue(scalar), At(scalar, sourceName)),
        YamlSequenceNode sequence => new ConfigurationSequence(
            [.. sequence.Children.Select(child => Convert(child, sourceName))], At(sequence, sourceName)),
        YamlMappingNode mapping => new ConfigurationMapping(
            [.. mapping.Children.Select(entry => ConvertEntry(entry.Key, entry.Value, sourceName))], At(mapping, sourceName)),
        _ => throw new StorageConfigurationException($"{At(node, sourceName)}: unsupported YAML node {node.NodeType}."),
    };

    private static ConfigurationEntry ConvertEntry(YamlNode key, YamlNode value, string sourceName) =>
        key is YamlScalarNode { Value: { } text }
            ? new ConfigurationEntry(text, At(key, sourceName), Convert(value, sourceName))
            : throw new StorageConfigurationException($"{At(key, sourceName)}: a mapping key must be plain text.");

    // YAML's null (empty plain scalar, ~, null) is "not set"; a quoted '' is an empty string.
    private static string? ScalarValue(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && scalar.Value is "" or "~" or "null" or "Null" or "NULL"
            ? null
            : scalar.Value ?? string.Empty;

    private static ConfigurationLocation At(YamlNode node, string sourceName) =>
        new(sourceName, (int)node.Start.Line, (int)node.Start.Column);
}
