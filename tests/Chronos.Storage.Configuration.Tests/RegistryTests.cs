using Chronos.Storage.Providers;
using Chronos.Storage.TestBackend;

namespace Chronos.Storage.Configuration.Tests;

/// <summary>The generated table of this test assembly, and opening a store through YAML with it.</summary>
public sealed class RegistryTests
{
    [Fact]
    public void Adapter_from_another_assembly_joins_the_generated_table()
    {
        // Registered by the module initializer the generator emitted into this test assembly: nothing registers it by hand.
        Assert.True(BackendRegistries.Storage.TryGet("memory-test", out var descriptor));
        Assert.Equal("Chronos.Storage.TestBackend", descriptor.Package);
        Assert.Equal(["label"], descriptor.Options.ToArray());
        Assert.True(descriptor.DsnOptional);
    }

    [Fact]
    public async Task Opens_the_store_through_yaml_runs_a_workload_and_migrates_by_default()
    {
        var database = $"db-{Guid.NewGuid():N}";
        var yaml = $"""
            defaults:
              storage:
                backend: memory-test
                dsn: memory://{database}
                options:
                  label: {"${LABEL:-from-yaml}"}
            agents:
              - id: no-migrate
                storage:
                  migrate: false
            """;
        var config = ChronosConfig.Parse(yaml, "chronos.yaml");

        await using (var storage = await config.OpenStorageAsync("researcher"))
        {
            var memory = Assert.IsType<InMemoryStorage>(storage);
            Assert.Equal("from-yaml", memory.OpenedWith!.Options["label"]);
            Assert.Equal(1, memory.Database.MigrationCount);

            await storage.CreateSessionAsync(new Session { Id = "s1", AgentId = "researcher" });
            await storage.AppendEventAsync(new Event { Id = "e1", SessionId = "s1", Type = "message" });
            await storage.AppendEventAsync(new Event { Id = "e2", SessionId = "s1", Type = "message" });
            var events = await storage.ListEventsAsync("s1");
            Assert.Equal([1L, 2L], events.Select(e => e.SeqNum));
        }

        await using var again = await config.OpenStorageAsync("no-migrate");
        Assert.Equal(1, ((InMemoryStorage)again).Database.MigrationCount);
        Assert.Equal("researcher", (await again.GetSessionAsync("s1"))!.AgentId);
    }

    [Fact]
    public async Task Opening_a_store_gives_the_engine_the_agents_retention_with_or_without_migrating()
    {
        var yaml = $"""
            defaults:
              storage:
                backend: memory-test
                dsn: memory://db-{Guid.NewGuid():N}
              retention:
                audit_logs: 30d
            agents:
              - id: short
                retention:
                  short_term_memory: 2h
            """;
        var config = ChronosConfig.Parse(yaml, "chronos.yaml");

        foreach (var migrate in new[] { true, false })
        {
            await using var agent = (StorageEngine)await config.OpenStorageAsync("short", migrate);
            Assert.Equal(new RetentionPolicy { AuditLogs = TimeSpan.FromDays(30), ShortTermMemory = TimeSpan.FromHours(2) }, agent.Retention);
            await using var unlisted = (StorageEngine)await config.OpenStorageAsync("other", migrate);
            Assert.Equal(new RetentionPolicy { AuditLogs = TimeSpan.FromDays(30) }, unlisted.Retention);
        }
    }

    [Fact]
    public async Task Driver_error_about_the_dsn_is_a_configuration_error_without_the_secret()
    {
        var config = ChronosConfig.Parse("defaults:\n  storage:\n    backend: memory-test\n    dsn: tcp://app:hunter2@host\n", "chronos.yaml");
        var error = await Assert.ThrowsAsync<StorageConfigurationException>(async () => await config.OpenStorageAsync("a"));
        Assert.DoesNotContain("hunter2", error.ToString());
        Assert.StartsWith("chronos.yaml:3:5 (defaults.storage): agent 'a', storage backend 'memory-test': rejected the dsn tcp://app:***@host:", error.Message);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void Same_name_from_two_packages_is_reported_when_used()
    {
        var registry = new BackendRegistry<IStorage>("storage", KnownBackendPackages.Storage);
        registry.Register(StorageBackendDescriptor.Create<MemoryTestBackendFactory>("sqlite", "Chronos.Storage.Sqlite", [], false));
        registry.Register(StorageBackendDescriptor.Create<MemoryTestBackendFactory>("sqlite", "Chronos.Storage.Sqlite", [], false));
        Assert.Single(registry.Backends);
        registry.Register(StorageBackendDescriptor.Create<MemoryTestBackendFactory>("sqlite", "Contoso.Sqlite", [], false));
        Assert.Equal(
            "chronos.yaml:1:31: defaults.storage.backend: storage backend 'sqlite' is declared by both Chronos.Storage.Sqlite and Contoso.Sqlite; reference only one of them.",
            Assert.Throws<StorageConfigurationException>(() =>
                TestConfig.Parse("defaults: {storage: {backend: sqlite, dsn: x}}", registry: registry)).Message);
    }
}
