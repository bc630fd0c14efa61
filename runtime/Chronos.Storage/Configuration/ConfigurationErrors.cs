namespace Chronos.Storage.Configuration;

/// <summary>The shape of every configuration error: <c>file:line:column: path: what is wrong</c>.</summary>
internal static class ConfigurationErrors
{
    public static StorageConfigurationException At(ConfigurationLocation location, string path, string message) =>
        new($"{location}: {path}: {message}");

    public static StorageConfigurationException UnknownKey(ConfigurationEntry entry, string path, IReadOnlyCollection<string> validKeys)
    {
        var nearest = NearestName.Find(entry.Key, validKeys);
        var hint = nearest is null ? "" : $" Did you mean '{nearest}'?";
        var valid = validKeys.Count == 0 ? "none" : string.Join(", ", validKeys);
        return At(entry.KeyLocation, path, $"unknown key '{entry.Key}'.{hint} Valid keys here: {valid}.");
    }

    public static StorageConfigurationException WrongShape(ConfigurationNode node, string path, string expected) =>
        At(node.Location, path, $"expected {expected}, found {node.Shape}.");
}
