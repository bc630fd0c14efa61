namespace Chronos.Storage.Configuration;

/// <summary>
/// A configuration tree independent of its syntax, with the location of every node. YAML (and, in the dependency
/// injection package, <c>IConfiguration</c>) is converted to this so that one reader validates every source.
/// </summary>
public abstract class ConfigurationNode
{
    private protected ConfigurationNode(ConfigurationLocation location) => Location = location;

    /// <summary>Where the node starts.</summary>
    public ConfigurationLocation Location { get; }

    /// <summary>What this node is, for "expected a mapping, found a sequence" messages.</summary>
    public abstract string Shape { get; }
}

/// <summary>A scalar; <see cref="Value"/> is null for YAML's null (<c>~</c>, <c>null</c> or nothing).</summary>
public sealed class ConfigurationScalar : ConfigurationNode
{
    /// <summary>Creates a scalar.</summary>
    public ConfigurationScalar(string? value, ConfigurationLocation location) : base(location) => Value = value;

    /// <summary>The text, or null.</summary>
    public string? Value { get; }

    /// <inheritdoc />
    public override string Shape => Value is null ? "an empty value" : "a scalar";
}

/// <summary>A sequence of nodes.</summary>
public sealed class ConfigurationSequence : ConfigurationNode
{
    /// <summary>Creates a sequence.</summary>
    public ConfigurationSequence(IReadOnlyList<ConfigurationNode> items, ConfigurationLocation location) : base(location) => Items = items;

    /// <summary>The items in order.</summary>
    public IReadOnlyList<ConfigurationNode> Items { get; }

    /// <inheritdoc />
    public override string Shape => "a sequence";
}

/// <summary>A mapping with scalar keys, in source order; keys are unique (the source reader rejects duplicates).</summary>
public sealed class ConfigurationMapping : ConfigurationNode
{
    /// <summary>Creates a mapping.</summary>
    public ConfigurationMapping(IReadOnlyList<ConfigurationEntry> entries, ConfigurationLocation location) : base(location) => Entries = entries;

    /// <summary>The entries in source order.</summary>
    public IReadOnlyList<ConfigurationEntry> Entries { get; }

    /// <inheritdoc />
    public override string Shape => "a mapping";
}

/// <summary>One key of a mapping, with the location of the key itself.</summary>
/// <param name="Key">The key text.</param>
/// <param name="KeyLocation">Where the key is written.</param>
/// <param name="Value">The value node.</param>
public sealed record ConfigurationEntry(string Key, ConfigurationLocation KeyLocation, ConfigurationNode Value);
