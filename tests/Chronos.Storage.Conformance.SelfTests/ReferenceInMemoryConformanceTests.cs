using Chronos.Storage.TestBackend;
namespace Chronos.Storage.Conformance.SelfTests;

/// <summary>The whole conformance suite against the correct reference store: every test must pass.</summary>
public sealed class ReferenceInMemoryConformanceTests : StorageConformanceTests
{
    private readonly Defect _defect;

    /// <summary>The correct store (xunit's constructor).</summary>
    public ReferenceInMemoryConformanceTests() : this(Defect.None)
    {
    }

    /// <summary>A store with one deliberate bug, for <see cref="SuiteCatchesDefectsTests"/>.</summary>
    internal ReferenceInMemoryConformanceTests(Defect defect) => _defect = defect;

    protected override async Task<IStorage> CreateStoreAsync()
    {
        var store = new InMemoryStorage(_defect);
        await store.MigrateAsync();
        return store;
    }
}
