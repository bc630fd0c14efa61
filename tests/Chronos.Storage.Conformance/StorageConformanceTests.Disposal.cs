using Xunit;

namespace Chronos.Storage.Conformance;

/// <summary>Every method of a disposed store throws <see cref="ObjectDisposedException"/>, not a driver error.</summary>
public abstract partial class StorageConformanceTests
{
    [ConformanceTheory]
    [InlineData(nameof(IStorage.CreateSessionAsync))]
    [InlineData(nameof(IStorage.GetSessionAsync))]
    [InlineData(nameof(IStorage.UpdateSessionAsync))]
    [InlineData(nameof(IStorage.ListSessionsAsync))]
    [InlineData(nameof(IStorage.DeleteSessionAsync))]
    [InlineData(nameof(IStorage.PutMemoryAsync))]
    [InlineData(nameof(IStorage.GetMemoryAsync))]
    [InlineData(nameof(IStorage.ListMemoryAsync))]
    [InlineData(nameof(IStorage.DeleteMemoryAsync))]
    [InlineData(nameof(IStorage.InsertAuditLogAsync))]
    [InlineData(nameof(IStorage.ListAuditLogsAsync))]
    [InlineData(nameof(IStorage.InsertTraceAsync))]
    [InlineData(nameof(IStorage.ListTracesAsync))]
    [InlineData(nameof(IStorage.AppendEventAsync))]
    [InlineData(nameof(IStorage.ListEventsAsync))]
    [InlineData(nameof(IStorage.SaveCheckpointAsync))]
    [InlineData(nameof(IStorage.GetCheckpointAsync))]
    [InlineData(nameof(IStorage.GetLatestCheckpointAsync))]
    [InlineData(nameof(IStorage.MigrateAsync))]
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
