using Chronos.Storage;
using Chronos.Storage.Configuration;
using Chronos.Storage.Conformance;
using TinyMemory;
using Xunit;

namespace TinyMemory.Tests;

/// <summary>
/// What an adapter author outside the repository writes to run the packaged conformance kit against their backend:
/// one class that inherits it and opens a fresh store.
/// </summary>
public sealed class TinyMemoryConformanceTests : StorageConformanceTests
{
    protected override Task<IStorage> CreateStoreAsync() => Task.FromResult<IStorage>(new TinyMemoryStorage());

    // The engine's defaults: batches of one only, turns refused; the kit then checks the typed refusal writes nothing.
    protected override bool SupportsAtomicBatches => false;

    protected override bool SupportsAtomicTurns => false;
}

/// <summary>The outside backend joins the YAML backend table through its assembly attribute alone.</summary>
public sealed class TinyMemoryThroughYamlTests
{
    [Fact]
    public async Task Chronos_yaml_opens_the_outside_backend_by_name()
    {
        var config = ChronosConfig.Parse("agents:\n  - id: a\n    storage: { backend: tiny-memory, migrate: true }\n", "inline.yaml");
        await using var storage = await config.OpenStorageAsync("a");
        Assert.IsType<TinyMemoryStorage>(storage);
        var session = await storage.CreateSessionAsync(new Session { Id = "s1", AgentId = "a" });
        Assert.Equal("s1", (await storage.GetSessionAsync(session.Id))?.Id);
    }
}
