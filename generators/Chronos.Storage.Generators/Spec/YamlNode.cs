using System.Collections.Generic;

namespace Chronos.Storage.Generators.Spec;

/// <summary>A node of the YAML subset the schema spec uses, with its 1-based position for diagnostics.</summary>
internal abstract class YamlNode
{
    protected YamlNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}

internal sealed class YamlScalar : YamlNode
{
    public YamlScalar(string value, bool quoted, int line, int column) : base(line, column)
    {
        Value = value;
        Quoted = quoted;
    }

    public string Value { get; }

    public bool Quoted { get; }

    public override string ToString() => Value;
}

internal sealed class YamlSequence : YamlNode
{
    public YamlSequence(int line, int column) : base(line, column) { }

    public List<YamlNode> Items { get; } = new();
}

internal sealed class YamlMapping : YamlNode
{
    public YamlMapping(int line, int column) : base(line, column) { }

    public List<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = new();

    public YamlNode? this[string key]
    {
        get
        {
            foreach (var entry in Entries)
            {
                if (entry.Key.Value == key) return entry.Value;
            }
            return null;
        }
    }
}

/// <summary>A YAML syntax error at a position.</summary>
internal sealed class YamlSyntaxException : System.Exception
{
    public YamlSyntaxException(string message, int line, int column) : base(message)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}
