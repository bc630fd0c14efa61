using System.Collections.Concurrent;
using System.Collections.Immutable;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Providers;

/// <summary>
/// The semantics of <see cref="IStorage"/>, written once: validation, defaults, orderings, cascades and error types.
/// An adapter supplies the generic <see cref="IEntityStore{TEntity}"/> for its backend, the atomic ledger append,
/// and schema bookkeeping; everything else is shared so that every backend behaves the same.
/// </summary>
public abstract partial class StorageEngine : IStorage
{
    private IEntityStore<Session>? _sessions;
    private IEntityStore<MemoryRecord>? _memory;
    private IEntityStore<AuditLog>? _auditLogs;
    private IEntityStore<Trace>? _traces;
    private IEntityStore<Event>? _events;
    private IEntityStore<Checkpoint>? _checkpoints;

    /// <summary>The backend name used in errors, e.g. <c>sqlite</c>.</summary>
    public abstract string BackendName { get; }

    /// <summary>Sessions on this backend.</summary>
    protected IEntityStore<Session> Sessions => _sessions ??= Instrumented(EntityStore<Session>());
    /// <summary>Memory on this backend.</summary>
    protected IEntityStore<MemoryRecord> Memory => _memory ??= Instrumented(EntityStore<MemoryRecord>());
    /// <summary>Audit logs on this backend.</summary>
    protected IEntityStore<AuditLog> AuditLogs => _auditLogs ??= Instrumented(EntityStore<AuditLog>());
    /// <summary>Traces on this backend.</summary>
    protected IEntityStore<Trace> Traces => _traces ??= Instrumented(EntityStore<Trace>());
    /// <summary>Events on this backend.</summary>
    protected IEntityStore<Event> Events => _events ??= Instrumented(EntityStore<Event>());
    /// <summary>Checkpoints on this backend.</summary>
    protected IEntityStore<Checkpoint> Checkpoints => _checkpoints ??= Instrumented(EntityStore<Checkpoint>());

    /// <inheritdoc />
    /// <remarks>Writes through the returned store are checked by <see cref="EntityValidator"/> first, like the built-in ones.</remarks>
    public IEntityStore<TEntity> Entities<TEntity>() where TEntity : class, IStorageEntity<TEntity>
    {
        ThrowIfDisposed();
        // One wrapper per entity type, made once: a caller may ask for the store on every call.
        return (IEntityStore<TEntity>)_validatingStores.GetOrAdd(typeof(TEntity),
            static (_, engine) => new ValidatingEntityStore<TEntity>(engine.Instrumented(engine.EntityStore<TEntity>()), engine), this);
    }

    private readonly ConcurrentDictionary<Type, object> _validatingStores = new();

    /// <summary>The backend's store of <typeparamref name="TEntity"/>; the engine validates before calling it.</summary>
    protected abstract IEntityStore<TEntity> EntityStore<TEntity>() where TEntity : class, IStorageEntity<TEntity>;

    /// <summary>
    /// Appends <paramref name="event"/> (validated, times normalized) atomically: assigns the next sequence number when
    /// <see cref="Event.SeqNum"/> is 0, returns the stored event when the id exists, and throws
    /// <see cref="DuplicateKeyException"/> when a caller-supplied number is taken.
    /// With <paramref name="expectedLastSeq"/> set, the session's highest stored number is compared with it inside the
    /// same atomic section: when they differ and the id is not stored, nothing is written and
    /// <see cref="LedgerSequence.Conflict"/> is thrown; when the id is stored, the stored event is returned.
    /// </summary>
    protected abstract Task<Event> AppendEventCoreAsync(Event @event, long? expectedLastSeq, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the session's children, then the session. Children go first so that an interrupted delete leaves a
    /// session that a second delete finishes. Backends with transactions override this to make it atomic.
    /// </summary>
    protected virtual async Task DeleteSessionCoreAsync(string id, CancellationToken cancellationToken)
    {
        ImmutableArray<IndexValue> bySession = [id];
        await Events.DeleteMatchingAsync(EventIndexes.BySession, bySession, cancellationToken).ConfigureAwait(false);
        await Checkpoints.DeleteMatchingAsync(CheckpointIndexes.BySession, bySession, cancellationToken).ConfigureAwait(false);
        await Traces.DeleteMatchingAsync(TraceIndexes.BySession, bySession, cancellationToken).ConfigureAwait(false);
        await Memory.DeleteMatchingAsync(MemoryRecordIndexes.BySessionKind, [id, MemoryKind.ShortTerm], cancellationToken).ConfigureAwait(false);
        await Sessions.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Session> CreateSessionAsync(Session session, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.NotNull(session, nameof(session));
        Guard.Required(session.Id, nameof(session) + ".Id", nameof(Session), "id");
        Guard.Required(session.AgentId, nameof(session) + ".AgentId", nameof(Session), "agent_id");
        cancellationToken.ThrowIfCancellationRequested();
        var now = UtcNow();
        var created = session.CreatedAt == default ? now : StorageTime.Normalize(session.CreatedAt);
        var stored = session with
        {
            CreatedAt = created,
            UpdatedAt = session.UpdatedAt == default ? created : StorageTime.Normalize(session.UpdatedAt),
            Version = 1,
        };
        EntityValidator.Validate(stored);
        await Sessions.InsertAsync(Stored(stored, out _), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <inheritdoc />
    public Task<Session?> GetSessionAsync(string id, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.Required(id, nameof(id), nameof(Session), "id");
        cancellationToken.ThrowIfCancellationRequested();
        return Sessions.GetAsync(id, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Session> UpdateSessionAsync(Session session, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var expected = PreparedSessionUpdate(session, nameof(session));
        cancellationToken.ThrowIfCancellationRequested();
        if (await Sessions.TryUpdateAsync(Stored(expected, out _), cancellationToken).ConfigureAwait(false))
        {
            return expected with { Version = expected.Version + 1 };
        }
        var current = await Sessions.GetAsync(session.Id, cancellationToken).ConfigureAwait(false);
        throw new ConcurrencyConflictException(nameof(Session), session.Id, "version", session.Version, current?.Version);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Session>> ListSessionsAsync(string agentId, int limit, int offset = 0, CancellationToken cancellationToken = default) =>
        Sessions.ListAsync(PageOf(SessionIndexes.ByAgent, agentId, nameof(agentId), nameof(Session), "agent_id", limit, offset, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task DeleteSessionAsync(string id, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.Required(id, nameof(id), nameof(Session), "id");
        cancellationToken.ThrowIfCancellationRequested();
        return DeleteSessionObserved(id, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<MemoryRecord> PutMemoryAsync(MemoryRecord record, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.NotNull(record, nameof(record));
        Guard.Required(record.Id, nameof(record) + ".Id", nameof(MemoryRecord), "id");
        Guard.Required(record.AgentId, nameof(record) + ".AgentId", nameof(MemoryRecord), "agent_id");
        Guard.Required(record.Key, nameof(record) + ".Key", nameof(MemoryRecord), "key");
        Guard.MemoryKindValue(record.Kind, nameof(record) + ".Kind");
        if (record.Kind == MemoryKind.ShortTerm)
        {
            Guard.Required(record.SessionId, nameof(record) + ".SessionId", nameof(MemoryRecord), "session_id");
        }
        cancellationToken.ThrowIfCancellationRequested();
        var stored = record with { CreatedAt = NormalizeOrNow(record.CreatedAt) };
        EntityValidator.Validate(stored);
        await Memory.UpsertAsync(Stored(stored, out _), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <inheritdoc />
    public async Task<MemoryRecord?> GetMemoryAsync(string agentId, string key, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.Required(agentId, nameof(agentId), nameof(MemoryRecord), "agent_id");
        Guard.Required(key, nameof(key), nameof(MemoryRecord), "key");
        cancellationToken.ThrowIfCancellationRequested();
        var found = await Memory.ListAsync(new IndexQuery(MemoryRecordIndexes.ByAgentKey, agentId, key) { Limit = 1 }, cancellationToken)
            .ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MemoryRecord>> ListMemoryAsync(string agentId, string kind, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.Required(agentId, nameof(agentId), nameof(MemoryRecord), "agent_id");
        Guard.MemoryKindValue(kind, nameof(kind));
        cancellationToken.ThrowIfCancellationRequested();
        return Memory.ListAsync(new IndexQuery(MemoryRecordIndexes.ByAgentKind, agentId, kind), cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteMemoryAsync(string id, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.Required(id, nameof(id), nameof(MemoryRecord), "id");
        cancellationToken.ThrowIfCancellationRequested();
        return Memory.DeleteAsync(id, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AuditLog> InsertAuditLogAsync(AuditLog log, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var stored = PreparedAuditLog(log, nameof(log));
        cancellationToken.ThrowIfCancellationRequested();
        await AuditLogs.InsertAsync(Stored(stored, out _), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditLog>> ListAuditLogsAsync(string agentId, int limit, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.Required(agentId, nameof(agentId), nameof(AuditLog), "agent_id");
        Guard.Limit(limit);
        cancellationToken.ThrowIfCancellationRequested();
        return AuditLogs.ListAsync(new IndexQuery(AuditLogIndexes.ByAgent, agentId) { Limit = limit }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditLog>> ListSessionAuditLogsAsync(string sessionId, int limit, int offset = 0, CancellationToken cancellationToken = default) =>
        AuditLogs.ListAsync(PageOf(AuditLogIndexes.BySession, sessionId, nameof(sessionId), nameof(AuditLog), "session_id", limit, offset, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async Task<Trace> InsertTraceAsync(Trace trace, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.NotNull(trace, nameof(trace));
        Guard.Required(trace.Id, nameof(trace) + ".Id", nameof(Trace), "id");
        Guard.Required(trace.SessionId, nameof(trace) + ".SessionId", nameof(Trace), "session_id");
        Guard.Required(trace.Name, nameof(trace) + ".Name", nameof(Trace), "name");
        cancellationToken.ThrowIfCancellationRequested();
        var stored = trace with
        {
            StartedAt = NormalizeOrNow(trace.StartedAt),
            EndedAt = trace.EndedAt is { } ended ? StorageTime.Normalize(ended) : null,
        };
        EntityValidator.Validate(stored);
        await Traces.UpsertAsync(Stored(stored, out _), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <inheritdoc />
    public Task<Trace?> GetTraceAsync(string id, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.Required(id, nameof(id), nameof(Trace), "id");
        cancellationToken.ThrowIfCancellationRequested();
        return Traces.GetAsync(id, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Trace>> ListTracesAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.Required(sessionId, nameof(sessionId), nameof(Trace), "session_id");
        cancellationToken.ThrowIfCancellationRequested();
        return Traces.ListAsync(new IndexQuery(TraceIndexes.BySession, sessionId), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Event> AppendEventAsync(Event @event, CancellationToken cancellationToken = default) =>
        AppendEventAsync(@event, expectedLastSeq: null, cancellationToken);

    /// <inheritdoc />
    public Task<Event> AppendEventAsync(Event @event, long expectedLastSeq, CancellationToken cancellationToken = default) =>
        AppendEventAsync(@event, CheckedExpectedLastSeq(expectedLastSeq, nameof(expectedLastSeq)), cancellationToken);

    private Task<Event> AppendEventAsync(Event @event, long? expectedLastSeq, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var stored = PreparedEvent(@event, nameof(@event));
        cancellationToken.ThrowIfCancellationRequested();
        return AppendStoredAsync(stored, expectedLastSeq, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Event>> ListEventsAsync(string sessionId, long afterSeq = 0, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.Required(sessionId, nameof(sessionId), nameof(Event), "session_id");
        if (afterSeq < 0)
        {
            throw new StorageArgumentException(nameof(afterSeq), nameof(Event), "seq_num", $"'afterSeq' must be 0 or more; got {afterSeq}.");
        }
        cancellationToken.ThrowIfCancellationRequested();
        return Events.ListAsync(new IndexQuery(EventIndexes.BySession, sessionId) { After = afterSeq }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Checkpoint> SaveCheckpointAsync(Checkpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var stored = PreparedCheckpoint(checkpoint, nameof(checkpoint));
        cancellationToken.ThrowIfCancellationRequested();
        await Checkpoints.UpsertAsync(Stored(stored, out _), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <inheritdoc />
    public Task<Checkpoint?> GetCheckpointAsync(string id, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.Required(id, nameof(id), nameof(Checkpoint), "id");
        cancellationToken.ThrowIfCancellationRequested();
        return Checkpoints.GetAsync(id, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Checkpoint?> GetLatestCheckpointAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Guard.Required(sessionId, nameof(sessionId), nameof(Checkpoint), "session_id");
        cancellationToken.ThrowIfCancellationRequested();
        var found = await Checkpoints.ListAsync(new IndexQuery(CheckpointIndexes.BySession, sessionId) { Limit = 1 }, cancellationToken)
            .ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Checkpoint>> ListCheckpointsAsync(string sessionId, int limit, int offset = 0, CancellationToken cancellationToken = default) =>
        Checkpoints.ListAsync(PageOf(CheckpointIndexes.BySession, sessionId, nameof(sessionId), nameof(Checkpoint), "session_id", limit, offset, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        return MigrateObserved(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs <see cref="DisposeCoreAsync"/> once (a second call does nothing); from then on every operation of this
    /// store, and of the stores <see cref="Entities{TEntity}"/> returned, throws <see cref="ObjectDisposedException"/>
    /// naming the backend, before any argument check or I/O.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await DisposeCoreAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Releases what the adapter holds (connections, clients). Called once, by the first <see cref="DisposeAsync"/>;
    /// the engine has already marked the store disposed, so the adapter need not guard its own operations.
    /// </summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Throws <see cref="ObjectDisposedException"/> (its object name is <see cref="BackendName"/>) once
    /// <see cref="DisposeAsync"/> has run. Every public operation calls it first; an adapter calls it in a public
    /// method of its own that bypasses the engine's operations.
    /// </summary>
    protected internal void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(BackendName, $"This {BackendName} store has been disposed; open a new one to keep using the backend.");
        }
    }

    private int _disposed;

    /// <summary>
    /// The tail of every adapter's <c>OpenAsync</c>: migrates a freshly constructed store when asked, and disposes it
    /// if that fails, so a failed open never leaks connections.
    /// </summary>
    protected static async Task<TStorage> MigrateOrDisposeAsync<TStorage>(TStorage storage, bool migrate, CancellationToken cancellationToken)
        where TStorage : StorageEngine
    {
        try
        {
            if (migrate) await storage.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return storage;
        }
        catch
        {
            await storage.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// One page along <paramref name="index"/> matched on one required id: the checks every limit/offset list shares,
    /// all before I/O (the id named by <paramref name="paramName"/>, then limit, offset, cancellation).
    /// </summary>
    private IndexQuery PageOf(string index, string id, string paramName, string entity, string field, int limit, int offset, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        Guard.Required(id, paramName, entity, field);
        Guard.Limit(limit);
        Guard.Offset(offset);
        cancellationToken.ThrowIfCancellationRequested();
        return new IndexQuery(index, id) { Limit = limit, Offset = offset };
    }

    private DateTime NormalizeOrNow(DateTime value) => value == default ? UtcNow() : StorageTime.Normalize(value);

    #region Per-type entity stores and the built-in migration, written once for every adapter

    private readonly ConcurrentDictionary<Type, object> _entityStores = new();

    /// <summary>
    /// The one store of <typeparamref name="TEntity"/> on this engine: made by <paramref name="create"/> from
    /// <paramref name="argument"/> on first use, then shared (an adapter's <see cref="Entities{TEntity}"/> returns it).
    /// </summary>
    /// <typeparam name="TEntity">The entity.</typeparam>
    /// <typeparam name="TStore">The adapter's store type.</typeparam>
    /// <typeparam name="TArgument">What the store is made from (the adapter's context); passed, so nothing is captured.</typeparam>
    protected TStore EntityStore<TEntity, TStore, TArgument>(TArgument argument, Func<TArgument, TStore> create)
        where TEntity : class, IStorageEntity<TEntity>
        where TStore : class, IEntityStore<TEntity> =>
        (TStore)_entityStores.GetOrAdd(typeof(TEntity), static (_, made) => made.create(made.argument), (argument, create));

    /// <summary>
    /// Creates or upgrades every built-in entity's schema and records the version. By default each entity's
    /// <see cref="IEntityStore{TEntity}.EnsureSchemaAsync"/> in <see cref="ForEachBuiltInEntityAsync"/> order; a
    /// backend that migrates them together (one SQL transaction, one table) overrides this and still uses that order.
    /// </summary>
    protected virtual Task MigrateCoreAsync(CancellationToken cancellationToken) =>
        ForEachBuiltInEntityAsync(new EnsureSchema(this), cancellationToken);

    /// <summary>Runs <paramref name="visitor"/> over every built-in entity, in migration order (one list for every adapter).</summary>
    protected static async Task ForEachBuiltInEntityAsync<TVisitor>(TVisitor visitor, CancellationToken cancellationToken)
        where TVisitor : IBuiltInEntityVisitor
    {
        await visitor.VisitAsync<Session>(cancellationToken).ConfigureAwait(false);
        await visitor.VisitAsync<MemoryRecord>(cancellationToken).ConfigureAwait(false);
        await visitor.VisitAsync<AuditLog>(cancellationToken).ConfigureAwait(false);
        await visitor.VisitAsync<Trace>(cancellationToken).ConfigureAwait(false);
        await visitor.VisitAsync<Event>(cancellationToken).ConfigureAwait(false);
        await visitor.VisitAsync<Checkpoint>(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An action generic over the entity type, run for each built-in entity (no reflection, AOT-safe).</summary>
    protected interface IBuiltInEntityVisitor
    {
        /// <summary>Acts on <typeparamref name="TEntity"/>.</summary>
        Task VisitAsync<TEntity>(CancellationToken cancellationToken) where TEntity : class, IStorageEntity<TEntity>;
    }

    private readonly struct EnsureSchema(StorageEngine engine) : IBuiltInEntityVisitor
    {
        public Task VisitAsync<TEntity>(CancellationToken cancellationToken) where TEntity : class, IStorageEntity<TEntity> =>
            engine.EntityStore<TEntity>().EnsureSchemaAsync(cancellationToken);
    }

    #endregion
}
