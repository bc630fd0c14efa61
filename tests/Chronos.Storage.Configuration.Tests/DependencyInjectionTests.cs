using Chronos.Storage.TestBackend;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Chronos.Storage.Configuration.Tests;

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task Yaml_file_gives_one_keyed_store_per_agent_disposed_with_the_container()
    {
        var path = Path.Combine(Path.GetTempPath(), $"chronos-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, """
            defaults:
              storage: {backend: memory-test, dsn: "memory://di-defaults"}
            agents:
              - id: listed
                storage: {dsn: "memory://di-listed"}
            """);
        InMemoryStorage listed, unlisted;
        await using (var provider = new ServiceCollection().AddChronosStorage(path).BuildServiceProvider())
        {
            listed = (InMemoryStorage)provider.GetRequiredKeyedService<IStorage>("listed");
            unlisted = (InMemoryStorage)provider.GetRequiredKeyedService<IStorage>("someone-else");
            Assert.Same(listed, provider.GetRequiredKeyedService<IStorage>("listed"));
            Assert.Equal("memory://di-listed", listed.OpenedWith!.Dsn);
            Assert.Equal("memory://di-defaults", unlisted.OpenedWith!.Dsn);
            Assert.False(listed.IsDisposed);
        }
        Assert.True(listed.IsDisposed);
        Assert.True(unlisted.IsDisposed);
        File.Delete(path);
    }

    [Fact]
    public async Task Configuration_section_reads_like_the_yaml_and_reports_paths()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chronos:defaults:storage:backend"] = "memory-test",
            ["Chronos:defaults:storage:dsn"] = "memory://di-section",
            ["Chronos:agents:0:id"] = "a",
            ["Chronos:agents:0:storage:options:label"] = "from-section",
        }).Build();
        await using var provider = new ServiceCollection().AddChronosStorage(configuration.GetSection("Chronos")).BuildServiceProvider();
        var store = (InMemoryStorage)provider.GetRequiredKeyedService<IStorage>("a");
        Assert.Equal(("memory://di-section", "from-section"), (store.OpenedWith!.Dsn, store.OpenedWith!.Options["label"]));

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chronos:agents:0:id"] = "a",
            ["Chronos:agents:0:storage:bakend"] = "memory-test",
        }).Build();
        await using var badProvider = new ServiceCollection().AddChronosStorage(bad.GetSection("Chronos")).BuildServiceProvider();
        var error = Assert.Throws<StorageConfigurationException>(() => badProvider.GetRequiredKeyedService<IStorage>("a"));
        Assert.Equal(
            "configuration 'Chronos:agents:0:storage:bakend': agents[0].storage.bakend: unknown key 'bakend'. Did you mean 'backend'? Valid keys here: backend, dsn, migrate, options.",
            error.Message);
    }
}
