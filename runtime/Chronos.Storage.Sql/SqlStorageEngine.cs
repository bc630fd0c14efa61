using System.Collections.Immutable;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>
/// The parts of <see cref="StorageEngine"/> that every SQL backend does the same way, written once: generic entity
/// stores, the atomic ledger append, the one-transaction session delete and the locked, versioned migration.
/// An adapter supplies its connections (<see cref="SqlConnectionSource{TDialect}"/>) and its dialect mapping.
/// </summary>
/// <typeparam name="TDialect">The backend's conversions, locks and error mapping.</typeparam>
public abstract partial class SqlStorageEngine<TDialect> : StorageEngine where TDialect : struct, ISqlDialectMapping
{
    private static readonly string DeleteSessionOperation = nameof(Session) + ".DeleteSession";
    private const string MigrateOperation = "Migrate";
    private const string ReadSchemaVersionOperation = "ReadSchemaVersion";

    /// <summary>Creates the engine over <paramref name="source"/>, which it owns and disposes.</summary>
    protected SqlStorageEngine(SqlConnectionSource<TDialect> source) => Source = source;

    /// <summary>Where connections come from.</summary>
    protected SqlConnectionSource<TDialect> Source { get; }

    /// <inheritdoc />
    public override string BackendName => TDialect.BackendName;

    /// <inheritdoc />
    protected override IEntityStore<TEntity> EntityStore<TEntity>() => Store<TEntity>();

    /// <summary>The shared SQL store of <typeparamref name="TEntity"/> on this engine.</summary>
    protected SqlEntityStore<TEntity, TDialect> Store<TEntity>() where TEntity : class, IStorageEntity<TEntity> =>
        EntityStore<TEntity, SqlEntityStore<TEntity, TDialect>, SqlConnectionSource<TDialect>>(Source, static source => new SqlEntityStore<TEntity, TDialect>(source));

    /// <inheritdoc />
    protected override Task<Event> AppendEventCoreAsync(Event @event, long? expectedLastSeq, CancellationToken cancellationToken) =>
        SqlEventLedger<TDialect>.AppendAsync(Source, Store<Event>(), @event, expectedLastSeq, cancellationToken);

    /// <inheritdoc />
    protected override async Task DeleteSessionCoreAsync(string id, CancellationToken cancellationToken)
    {
        var stores = new SessionStores(Store<Event>(), Store<Checkpoint>(), Store<Trace>(), Store<MemoryRecord>(), Store<Session>(), id);
        await Source.WriteTransactionAsync(new SqlErrorContext(SchemaOf<Session>.Value, id, DeleteSessionOperation), stores,
            static async (context, s, ct) =>
            {
                ImmutableArray<IndexValue> bySession = [s.Id];
                await s.Events.DeleteMatchingAsync(context, EventIndexes.BySession, bySession, ct).ConfigureAwait(false);
                await s.Checkpoints.DeleteMatchingAsync(context, CheckpointIndexes.BySession, bySession, ct).ConfigureAwait(false);
                await s.Traces.DeleteMatchingAsync(context, TraceIndexes.BySession, bySession, ct).ConfigureAwait(false);
                await s.Memory.DeleteMatchingAsync(context, MemoryRecordIndexes.BySessionKind, [s.Id, MemoryKind.ShortTerm], ct).ConfigureAwait(false);
                return await s.Sessions.DeleteAsync(context, s.Id, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task MigrateCoreAsync(CancellationToken cancellationToken)
    {
        await Source.WriteTransactionAsync(new SqlErrorContext(SchemaOf<Session>.Value, null, MigrateOperation), this,
            static async (context, engine, ct) =>
            {
                await SqlSchemaVersions.PrepareAsync<TDialect>(context, engine.Store<Session>().Statements, ct).ConfigureAwait(false);
                try
                {
                    await ForEachBuiltInEntityAsync(new MigrateInTransaction(engine, context), ct).ConfigureAwait(false);
                }
                finally
                {
                    // MariaDB's DDL commits implicitly, so its migration lock outlives the transaction: release it explicitly.
                    await SqlSchemaVersions.ReleaseAsync<TDialect>(context).ConfigureAwait(false);
                }
                return true;
            }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override bool ReportsSchemaVersions => true;

    /// <inheritdoc />
    /// <remarks>
    /// Reads the <c>chronos_schema</c> row on a reader connection. A store without that table (never migrated) reads as
    /// null; an unreachable server still throws <see cref="TransientStorageException"/>.
    /// </remarks>
    protected override async Task<long?> ReadSchemaVersionAsync<TEntity>(CancellationToken cancellationToken)
    {
        var error = new SqlErrorContext(SchemaOf<TEntity>.Value, null, ReadSchemaVersionOperation);
        var context = await Source.RentAsync(SqlAccess.Read, error, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SqlSchemaVersions.ReadAsync<TDialect>(context, Store<TEntity>().Statements, SchemaOf<TEntity>.Value.StorageName, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (Source.Translate(context, e, error) is TransientStorageException transient) throw transient;
            return null;   // no chronos_schema table: nothing was ever migrated here
        }
        finally
        {
            Source.Return(SqlAccess.Read, context);
        }
    }

    /// <summary>Migrates each built-in entity inside the one migration transaction.</summary>
    private readonly struct MigrateInTransaction(SqlStorageEngine<TDialect> engine, SqlConnectionContext context) : IBuiltInEntityVisitor
    {
        public Task VisitAsync<TEntity>(CancellationToken cancellationToken) where TEntity : class, IStorageEntity<TEntity> =>
            engine.Store<TEntity>().MigrateAsync(context, cancellationToken).AsTask();
    }

    /// <summary>
    /// Closes the connections. An adapter that holds more (e.g. a driver data source) overrides this, calls it first,
    /// then releases its own.
    /// </summary>
    protected override ValueTask DisposeCoreAsync() => Source.DisposeAsync();

    private sealed record SessionStores(
        SqlEntityStore<Event, TDialect> Events,
        SqlEntityStore<Checkpoint, TDialect> Checkpoints,
        SqlEntityStore<Trace, TDialect> Traces,
        SqlEntityStore<MemoryRecord, TDialect> Memory,
        SqlEntityStore<Session, TDialect> Sessions,
        string Id);
}
