using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>Every method of a disposed store throws <see cref="ObjectDisposedException"/>, not a driver error.</summary>
public abstract partial class StorageConformanceTests
{
    [ConformanceTheory]
    [MemberData(nameof(StorageMethods))]
    public async Task EveryMethodOfADisposedStoreThrowsObjectDisposed(string method)
    {
        // A second store of the same backend, used once (so the connection is really open) and then disposed.
        var store = await CreateStoreAsync();
        await store.CreateSessionAsync(SessionOf(NewId("s"), NewId("agent"), At(1)));
        await ValidCall(method, CancellationToken.None, store)();
        await DisposeStoreAsync(store);

        await Assert.ThrowsAsync<ObjectDisposedException>(ValidCall(method, CancellationToken.None, store));
        // Disposing twice is harmless.
        await store.DisposeAsync();
    }
}
