using Chronos.Storage.Providers;
using Chronos.Storage.Schema;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Chronos.Storage.Mongo;

/// <summary>
/// <see cref="IStorage"/> on MongoDB (official driver, NativeAOT-usable): one collection per entity, documents written
/// and read through the generated visitor, indexes from the spec, and no operation that needs a transaction (batches
/// use an ordered protocol with a single-document commit point, see <see cref="MongoEventBatches"/>).
/// Semantics live in <see cref="StorageEngine"/>; this class supplies collections, the ledger append and migrations.
/// </summary>
public sealed partial class MongoStorage : StorageEngine
{
    /// <inheritdoc />
    /// <remarks>MongoDB's BSON document limit, 16 MiB, counted on the document as sent (<see cref="StoredRecordBytes"/>).</remarks>
    public override BackendLimits Limits => MongoLimits;

    private static readonly BackendLimits MongoLimits = new()
    {
        MaxRecordBytes = 16L * 1024 * 1024,
        Source = "MongoDB BSON document 16 MiB",
    };

    /// <inheritdoc />
    /// <remarks>
    /// The exact BSON size, computed only when the engine's count is over a fifth of the limit: BSON spends at most about
    /// five bytes per JSON byte (an array of one-digit numbers), so a smaller record cannot reach 16 MiB.
    /// </remarks>
    protected override long StoredRecordBytes<TEntity>(TEntity stored, long measured) =>
        measured * 5 < MongoLimits.MaxRecordBytes!.Value ? measured : Bson.BsonEntityMapper.ToDocument(stored).ToBson().Length;

    private readonly MongoClient _client;
    private readonly MongoSchemaVersions _versions;
    private readonly MongoPendingWrites _pending;
    private MongoEventLedger? _ledger;

    /// <summary>Connects lazily to the database named by <paramref name="options"/> (no I/O until first use).</summary>
    /// <exception cref="StorageConfigurationException">The DSN is malformed or names no database.</exception>
    public MongoStorage(MongoStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.AbandonedBatchTimeout <= TimeSpan.Zero)
        {
            throw new StorageConfigurationException(
                $"mongo: AbandonedBatchTimeout must be positive; got {options.AbandonedBatchTimeout}.");
        }
        MongoAotSupport.KeepReflectedSerializers();
        Dsn = MongoDsn.Parse(options.ConnectionString, options.Database);
        _client = new MongoClient(MongoClientSettings.FromUrl(Dsn.Url));
        Database = _client.GetDatabase(Dsn.Database);
        _versions = new MongoSchemaVersions(Database);
        _pending = new MongoPendingWrites(Database, options.AbandonedBatchTimeout);
    }

    /// <summary>
    /// Opens the store and migrates it: <c>OpenAsync("mongodb://localhost:27017", new() { Database = "chronos" })</c>
    /// or <c>OpenAsync("mongodb://user:pass@host:27017/chronos")</c>.
    /// </summary>
    public static async Task<MongoStorage> OpenAsync(string connectionString, string? database = null, CancellationToken cancellationToken = default)
    {
        return await MigrateOrDisposeAsync(new MongoStorage(new MongoStorageOptions(connectionString, database)), migrate: true, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string BackendName => MongoErrors.Backend;

    /// <summary>The parsed DSN (its <see cref="MongoDsn.Redacted"/> form is safe to log).</summary>
    public MongoDsn Dsn { get; }

    /// <summary>The database holding the collections.</summary>
    public IMongoDatabase Database { get; }

    /// <inheritdoc />
    protected override IEntityStore<TEntity> EntityStore<TEntity>() => Store<TEntity>();

    /// <summary>Creates the entity's indexes and records its schema version (for application entities).</summary>
    public Task MigrateEntityAsync<TEntity>(CancellationToken cancellationToken = default) where TEntity : class, IStorageEntity<TEntity>
    {
        ThrowIfDisposed();
        return _versions.MigrateAsync(Store<TEntity>(), cancellationToken);
    }

    /// <inheritdoc />
    public override bool ReportsSchemaVersions => true;

    /// <inheritdoc />
    /// <remarks>One find of the entity's document in <c>_chronos_schema</c>, the collection migrations write; none is null.</remarks>
    protected override Task<long?> ReadSchemaVersionAsync<TEntity>(CancellationToken cancellationToken) =>
        _versions.RecordedVersionAsync<TEntity>(cancellationToken);

    /// <inheritdoc />
    protected override Task<Event> AppendEventCoreAsync(Event @event, long? expectedLastSeq, CancellationToken cancellationToken) =>
        Ledger.AppendAsync(@event, expectedLastSeq, cancellationToken);

    private MongoEventLedger Ledger => _ledger ??= new MongoEventLedger(Store<Event>());

    /// <inheritdoc />
    protected override ValueTask DisposeCoreAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private MongoEntityStore<TEntity> Store<TEntity>() where TEntity : class, IStorageEntity<TEntity> =>
        EntityStore<TEntity, MongoEntityStore<TEntity>, MongoStorage>(this, static self => new MongoEntityStore<TEntity>(self.Database, self._versions, self._pending, self.Expiry));
}
