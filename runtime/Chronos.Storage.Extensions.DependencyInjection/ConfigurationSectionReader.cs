using Chronos.Storage.Configuration;
using Microsoft.Extensions.Configuration;

namespace Chronos.Storage.Extensions.DependencyInjection;

/// <summary>
/// Converts an <see cref="IConfiguration"/> section into the same tree the YAML reader produces, so one reader
/// validates both. Sections whose keys are 0..n-1 become sequences (that is how arrays appear in IConfiguration);
/// each node's location is its configuration path, since IConfiguration has no lines.
/// </summary>
internal static class ConfigurationSectionReader
{
    public static ConfigurationNode Read(IConfiguration section) => Convert(section, section is IConfigurationSection s ? s.Path : "");

    private static ConfigurationNode Convert(IConfiguration node, string path)
    {
        var location = new ConfigurationLocation($"configuration '{path}'", 0, 0);
        var children = node.GetChildren().ToList();
        if (children.Count == 0)
        {
            return new ConfigurationScalar(node is IConfigurationSection { Value: { } value } ? value : null, location);
        }
        if (children.Select(c => c.Key).Order(StringComparer.Ordinal).SequenceEqual(Enumerable.Range(0, children.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal)))
        {
            return new ConfigurationSequence(
                [.. children.OrderBy(c => int.Parse(c.Key, System.Globalization.CultureInfo.InvariantCulture)).Select(c => Convert(c, c.Path))], location);
        }
        return new ConfigurationMapping(
            [.. children.Select(c => new ConfigurationEntry(c.Key, new ConfigurationLocation($"configuration '{c.Path}'", 0, 0), Convert(c, c.Path)))],
            location);
    }
}
