using System.Globalization;

namespace Chronos.Storage;

/// <summary>Typed reading of a backend's <c>options:</c> values, with errors that say where the value came from.</summary>
public static class BackendOption
{
    /// <summary>Parses a positive integer option.</summary>
    /// <exception cref="StorageConfigurationException">The value is not a positive integer.</exception>
    public static int PositiveInt(StorageBackendOptions options, string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new StorageConfigurationException($"{options.Source}: option '{key}' of backend '{options.Backend}' must be a positive integer; got '{value}'.");
}
