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

    private Task<Event> AppendObserved(Event stored, long? expectedLastSeq, CancellationToken cancellationToken)
    {
        if (!Observer.IsObserving) return AppendEventCoreAsync(stored, expectedLastSeq, cancellationToken);
        var operation = Observer.Start(StorageOperations.Append, EntityTelemetry<Event>.Schema);
        operation.TagIds(null, stored.SessionId);
        if (expectedLastSeq is { } expected) operation.Tag("chronos.expected_last_seq", expected);
        return ObservedCall.RunAsync(operation, (Engine: this, Stored: stored, Expected: expectedLastSeq, Token: cancellationToken),
            static s => s.Engine.AppendEventCoreAsync(s.Stored, s.Expected, s.Token),
            static (op, _, appended) => EntityTelemetry<Event>.RecordPayload(op, appended));
    }

    private Task DeleteSessionObserved(string id, CancellationToken cancellationToken)
    {
        if (!Observer.IsObserving) return DeleteSessionCoreAsync(id, cancellationToken);
        var operation = Observer.Start(StorageOperations.DeleteSession, EntityTelemetry<Session>.Schema);
        operation.TagIds(null, id);
        return ObservedCall.RunAsync(operation, (Engine: this, Id: id, Token: cancellationToken), static s => s.Engine.DeleteSessionCoreAsync(s.Id, s.Token));
    }

    private Task MigrateObserved(CancellationToken cancellationToken) =>
        Observer.IsObserving
            // Every built-in entity at once: the span names no collection.
            ? ObservedCall.RunAsync(Observer.Start(StorageOperations.Migrate, schema: null), (Engine: this, Token: cancellationToken),
                static s => MigrationLog.RunAsync(s.Engine.Observer, s.Engine, static (engine, ct) => engine.MigrateCoreAsync(ct), s.Token))
            : MigrateCoreAsync(cancellationToken);

    // The batch append and the atomic turn: one span each around the adapter's one atomic write, tagged with the
    // session and how many events it carries (never their payloads).
    private Task<T> ObservedAtomicWrite<TState, T>(string operationName, string sessionId, int eventCount, TState state, Func<TState, Task<T>> write)
    {
        if (!Observer.IsObserving) return write(state);
        var operation = Observer.Start(operationName, EntityTelemetry<Event>.Schema);
        operation.TagIds(null, sessionId);
        operation.Tag("chronos.event_count", eventCount);
        return ObservedCall.RunAsync(operation, state, write);
    }
}
