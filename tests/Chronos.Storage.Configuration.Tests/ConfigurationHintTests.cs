namespace Chronos.Storage.Configuration.Tests;

/// <summary>Issue 13 §6: errors that point at the right place and say what to do.</summary>
public sealed class ConfigurationHintTests
{
    [Fact]
    public void Tab_used_as_indentation_is_reported_at_the_tab()
    {
        var message = TestConfig.Error("defaults:\n  storage:\n  \tbackend: sqlite\n    dsn: x.db\n");
        Assert.StartsWith("chronos.yaml:3:3: ", message);
        Assert.Contains("tab", message);
    }

    [Fact]
    public void Mistyped_backend_suggests_the_name_and_the_package_that_provides_it()
    {
        var message = TestConfig.Error("defaults:\n  storage:\n    backend: postgress\n    dsn: x\n", registry: TestConfig.Registry("sqlite"));
        Assert.Contains("Did you mean 'postgres'?", message);
        Assert.Contains("Chronos.Storage.Postgres", message);
    }

    [Fact]
    public void Unlisted_agent_without_defaults_lists_the_agents_that_are()
    {
        var config = TestConfig.Parse("agents:\n  - id: alpha\n    storage: { backend: sqlite, dsn: a.db }\n  - id: beta\n    storage: { backend: sqlite, dsn: b.db }\n");
        var message = Assert.Throws<StorageConfigurationException>(() => config.GetStorageSettings("gamma")).Message;
        Assert.Contains("'alpha', 'beta'", message);
    }
}
