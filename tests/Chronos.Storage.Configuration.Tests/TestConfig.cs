using Chronos.Storage.Providers;
using Chronos.Storage.TestBackend;

namespace Chronos.Storage.Configuration.Tests;

/// <summary>Parses YAML against a chosen backend table and environment.</summary>
internal static class TestConfig
{
    /// <summary>A registry offering exactly <paramref name="names"/>, each opening the in-memory test store.</summary>
    public static BackendRegistry<IStorage> Registry(params string[] names)
    {
        var registry = new BackendRegistry<IStorage>("storage", KnownBackendPackages.Storage);
        foreach (var name in names)
        {
            registry.Register(StorageBackendDescriptor.Create<MemoryTestBackendFactory>(
                name, KnownBackendPackages.Storage.GetValueOrDefault(name, "Test." + name), ["label", "busy_timeout"], dsnOptional: false));
        }
        return registry;
    }

    public static ChronosConfig Parse(string yaml, IReadOnlyDictionary<string, string>? env = null, BackendRegistry<IStorage>? registry = null) =>
        ChronosConfig.Parse(yaml, "chronos.yaml", Options(env, registry));

    public static ChronosConfigOptions Options(IReadOnlyDictionary<string, string>? env = null, BackendRegistry<IStorage>? registry = null) => new()
    {
        GetEnvironmentVariable = name => env is not null && env.TryGetValue(name, out var value) ? value : null,
        StorageBackends = registry ?? Registry("sqlite", "postgres"),
    };

    public static string Error(string yaml, IReadOnlyDictionary<string, string>? env = null, BackendRegistry<IStorage>? registry = null) =>
        Assert.Throws<StorageConfigurationException>(() => Parse(yaml, env, registry)).Message;
}
