using Chronos.Storage.Providers;
using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>
/// Every method of a disposed store throws <see cref="ObjectDisposedException"/> naming the backend, not a driver
/// error: the engine refuses first, so no adapter has to guard its own calls.
/// </summary>
public abstract partial class StorageConformanceTests
{
    /// <summary>
    /// A disposed store must fail the same typed way on every backend, before any argument check or I/O: a driver
    /// error (or worse, a call that still works on a shared connection) would hide a use-after-dispose bug.
    /// </summary>
    [ConformanceTheory]
    [MemberData(nameof(StorageMethods))]
    public async Task EveryMethodOfADisposedStoreThrowsObjectDisposed(string method)
    {
        // A second store of the same backend, used once (so the connection is really open) and then disposed.
        var store = await CreateStoreAsync();
        await store.CreateSessionAsync(SessionOf(NewId("s"), NewId("agent"), At(1)));
        await ValidCall(method, CancellationToken.None, store)();
        await DisposeStoreAsync(store);

        var error = await Assert.ThrowsAsync<ObjectDisposedException>(ValidCall(method, CancellationToken.None, store));
        AssertNamesTheBackend(store, error);
        // Disposing twice is harmless.
        await store.DisposeAsync();
    }

    /// <summary>
    /// The store <see cref="IStorage.Entities{TEntity}"/> returned before disposal is refused after it too (it is the
    /// same engine underneath), and asking for it again is refused; before disposal it is one store per entity type.
    /// </summary>
    [ConformanceFact]
    public async Task TheEntityStoreOfADisposedStoreThrowsObjectDisposed()
    {
        var store = await CreateStoreAsync();
        var sessions = store.Entities<Session>();
        Assert.Same(sessions, store.Entities<Session>());
        var id = NewId("s");
        await sessions.InsertAsync(SessionOf(id, NewId("agent"), At(1)) with { Version = 1 });
        Assert.NotNull(await sessions.GetAsync(id));
        await DisposeStoreAsync(store);

        AssertNamesTheBackend(store, await Assert.ThrowsAsync<ObjectDisposedException>(() => sessions.GetAsync(id)));
        AssertNamesTheBackend(store, await Assert.ThrowsAsync<ObjectDisposedException>(
            () => sessions.UpsertAsync(SessionOf(id, NewId("agent"), At(2)) with { Version = 1 })));
        AssertNamesTheBackend(store, Assert.Throws<ObjectDisposedException>(() => store.Entities<Session>()));
    }

    private static void AssertNamesTheBackend(IStorage store, ObjectDisposedException error)
    {
        if (store is StorageEngine engine)
        {
            Assert.Equal(engine.BackendName, error.ObjectName);
        }
    }
}
