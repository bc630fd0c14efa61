using Chronos.Storage.Schema;
using Chronos.Storage.Telemetry;
using Microsoft.Extensions.Logging;

namespace Chronos.Storage.Providers;

// Telemetry, once for every backend: the engine's entity stores are instrumented, and the operations that reach the
// adapter without them (the atomic append, the session cascade, the migration) are observed here. While nobody listens
// each call goes straight to the adapter (StorageTelemetry.IsObserved, the logger's level).
public abstract partial class StorageEngine
{
    private StorageObserver? _observer;

    // BackendName is abstract, so the observer is made on first use rather than in the constructor.
    private StorageObserver Observer => _observer ??= new StorageObserver(BackendName);

    /// <summary>
    /// Where this store logs applied migrations and transient failures (set by the configuration loader to the
    /// <c>Chronos.Storage.{backend}</c> logger); never DSNs, payloads or exception messages.
    /// </summary>
    internal ILogger Logger
    {
        get => Observer.Logger;
        set => Observer.Logger = value;
    }

    private IEntityStore<TEntity> Instrumented<TEntity>(IEntityStore<TEntity> store) where TEntity : class, IStorageEntity<TEntity> =>
        new InstrumentedEntityStore<TEntity>(store, Observer);

    private Task<Event> AppendObserved(Event stored, long? expectedLastSeq, CancellationToken cancellationToken) =>
        Observer.IsObserving ? AppendObservedAsync(stored, expectedLastSeq, cancellationToken) : AppendEventCoreAsync(stored, expectedLastSeq, cancellationToken);

    private async Task<Event> AppendObservedAsync(Event stored, long? expectedLastSeq, CancellationToken cancellationToken)
    {
        var operation = Observer.Start(StorageOperations.Append, EntityTelemetry<Event>.Schema);
        operation.TagIds(null, stored.SessionId);
        if (expectedLastSeq is { } expected) operation.Tag("chronos.expected_last_seq", expected);
        try
        {
            var appended = await AppendEventCoreAsync(stored, expectedLastSeq, cancellationToken).ConfigureAwait(false);
            EntityTelemetry<Event>.RecordPayload(operation, appended);
            operation.Succeeded();
            return appended;
        }
        catch (Exception e)
        {
            operation.Failed(e);
            throw;
        }
    }

    private Task DeleteSessionObserved(string id, CancellationToken cancellationToken) =>
        Observer.IsObserving ? DeleteSessionObservedAsync(id, cancellationToken) : DeleteSessionCoreAsync(id, cancellationToken);

    private async Task DeleteSessionObservedAsync(string id, CancellationToken cancellationToken)
    {
        var operation = Observer.Start(StorageOperations.DeleteSession, EntityTelemetry<Session>.Schema);
        operation.TagIds(null, id);
        try
        {
            await DeleteSessionCoreAsync(id, cancellationToken).ConfigureAwait(false);
            operation.Succeeded();
        }
        catch (Exception e)
        {
            operation.Failed(e);
            throw;
        }
    }

    private Task MigrateObserved(CancellationToken cancellationToken) =>
        Observer.IsObserving ? MigrateObservedAsync(cancellationToken) : MigrateCoreAsync(cancellationToken);

    private async Task MigrateObservedAsync(CancellationToken cancellationToken)
    {
        // Every built-in entity at once: the span names no collection.
        var operation = Observer.Start(StorageOperations.Migrate, schema: null);
        try
        {
            using (var applied = MigrationLog.Begin(Observer))
            {
                await MigrateCoreAsync(cancellationToken).ConfigureAwait(false);
                applied.Complete();
            }
            operation.Succeeded();
        }
        catch (Exception e)
        {
            operation.Failed(e);
            throw;
        }
    }
}
