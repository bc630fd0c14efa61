using Chronos.Storage.Providers;
using Chronos.Storage.Schema;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

/// <summary>
/// <see cref="IStorage"/> on Redis 7 through StackExchange.Redis: records as hashes written and read by the generated
/// visitor, declared indexes as lexicographic sorted sets, every atomic step a single-slot Lua script.
/// Semantics come from <see cref="StorageEngine"/>; this class supplies the generic entity store, the ledger append
/// and schema bookkeeping. Key design and cross-slot behaviour: README.md.
/// </summary>
public sealed partial class RedisStorage : StorageEngine
{
    /// <inheritdoc />
    /// <remarks>
    /// A record is one hash written by one command: each value is a Redis string (at most 512 MB) and the whole request
    /// must fit in <c>proto-max-bulk-len</c> (512 MB by default), so both limits are 512 MiB.
    /// </remarks>
    public override BackendLimits Limits => RedisLimits;

    private static readonly BackendLimits RedisLimits = new()
    {
        MaxFieldBytes = 512L * 1024 * 1024,
        MaxRecordBytes = 512L * 1024 * 1024,
        Source = "Redis string 512 MB; proto-max-bulk-len",
    };

    private static readonly RedisIndexLayout EventsBySession = ValidatedLedgerIndex();

    /// <summary>
    /// The counter key of a session's ledger (the scripts' counter KEY), also the name of the channel its appends
    /// publish on (<c>RedisStorage.Watch</c>).
    /// </summary>
    private string LedgerCounterKey(string sessionId) => RedisKeys.Counter(_context.Keys.Index(EventsBySession, [IndexValue.Of(sessionId)]));

    private readonly IConnectionMultiplexer _connection;
    private readonly bool _ownsConnection;
    private readonly RedisContext _context;

    /// <summary>Connects with <paramref name="options"/> (the connection is made lazily by the driver and retried).</summary>
    public RedisStorage(RedisStorageOptions options)
        : this(ConnectionMultiplexer.Connect(Guard.NotNull(options, nameof(options)).ConnectionConfiguration()), options, ownsConnection: true)
    {
    }

    /// <summary>Uses an existing connection (not disposed with the store), e.g. one shared by the application.</summary>
    public RedisStorage(IConnectionMultiplexer connection, RedisStorageOptions options)
        : this(connection, options, ownsConnection: false)
    {
    }

    /// <summary>
    /// A store that uses the single-node layout even on a cluster, as code before the cluster layout did: only for
    /// tests that write such a store and migrate it (it cannot commit turns on a cluster).
    /// </summary>
    internal static RedisStorage WithSingleNodeLayout(IConnectionMultiplexer connection, RedisStorageOptions options) =>
        new(connection, options, ownsConnection: false, isCluster: static () => false);

    private RedisStorage(IConnectionMultiplexer connection, RedisStorageOptions options, bool ownsConnection, Func<bool>? isCluster = null)
    {
        _connection = connection;
        _ownsConnection = ownsConnection;
        Options = RedisDsn.Validated(options);
        _context = new RedisContext(connection.GetDatabase(options.Database), new RedisKeys(options.KeyPrefix),
            isCluster ?? (() => connection.GetServers().Any(s => s.ServerType == ServerType.Cluster)), Expiry);
    }

    /// <summary>Opens a store from a DSN: <c>host:port</c>, <c>redis://[:password@]host:port/db</c>, or a StackExchange.Redis string.</summary>
    /// <exception cref="StorageConfigurationException">Malformed DSN (the message never contains the password).</exception>
    public static Task<RedisStorage> OpenAsync(string dsn, string? keyPrefix = null, CancellationToken cancellationToken = default) =>
        OpenAsync(RedisDsn.Parse(dsn, keyPrefix), cancellationToken);

    /// <summary>The seed's <c>redis.New(addr, password, db)</c>.</summary>
    public static Task<RedisStorage> OpenAsync(string address, string? password, int database, string? keyPrefix = null, CancellationToken cancellationToken = default) =>
        OpenAsync(RedisDsn.Parse(address, password, database, keyPrefix), cancellationToken);

    /// <summary>Opens a store from options.</summary>
    /// <exception cref="StorageConfigurationException">The server refused the password or the database number.</exception>
    public static async Task<RedisStorage> OpenAsync(RedisStorageOptions options, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(options, nameof(options));
        var connection = await options.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return new RedisStorage(connection, options, ownsConnection: true);
    }

    /// <summary>The options this store was opened with.</summary>
    public RedisStorageOptions Options { get; }

    /// <inheritdoc />
    public override string BackendName => RedisContext.Backend;

    /// <inheritdoc />
    protected override IEntityStore<TEntity> EntityStore<TEntity>() =>
        EntityStore<TEntity, RedisEntityStore<TEntity>, RedisContext>(_context, static context => new RedisEntityStore<TEntity>(context));

    private RedisEntityStore<Event> EventStore => (RedisEntityStore<Event>)EntityStore<Event>();

    private const string AppendOperation = "append Event";

    /// <inheritdoc />
    // Hot path, kept in three parts so that the state machine that lives across the round trip holds only what the
    // reply needs: the request is built synchronously, the reply handled here, the rare cross-session case elsewhere.
    protected override async Task<Event> AppendEventCoreAsync(Event @event, long? expectedLastSeq, CancellationToken cancellationToken)
    {
        RedisResult[] result;
        RedisValue previous;
        try
        {
            // One mapping scope for sending (the driver throws at once when it has no connection) and both replies
            // (not RedisContext.Run per reply: each is an async frame more).
            var (script, locator) = SendAppend(@event, expectedLastSeq);
            result = (RedisResult[])(await script.WaitAsync(cancellationToken).ConfigureAwait(false))!;
            previous = await locator.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisContext.Map(e, AppendOperation) is { } mapped)
        {
            throw mapped;
        }
        switch ((string)result[0]!)
        {
            case "exists":
                return RedisEntityStore<Event>.Read(((RedisResult[])result[1]!).Chunk(2).Select(p => new HashEntry((string)p[0]!, (RedisValue)p[1])).ToArray(), @event.Id);
            case "conflict":
                // The id may be stored in another session (its locator was there before): idempotent, that one is the answer.
                if (!previous.IsNull && await EventStore.GetAsync(@event.Id, cancellationToken).ConfigureAwait(false) is { } elsewhere) return elsewhere;
                await ReleaseLocatorAsync(@event, previous, cancellationToken).ConfigureAwait(false);
                throw LedgerSequence.Conflict(@event.SessionId, expectedLastSeq!.Value, (long)result[1]);
            case "taken":
                await ReleaseLocatorAsync(@event, previous, cancellationToken).ConfigureAwait(false);
                throw new DuplicateKeyException(nameof(Event), @event.Id, RedisEntityStore<Event>.Shape.HashFields[EventsBySession.MemberOrdinals[0]]);
            case "noperm":
                await ReleaseLocatorAsync(@event, previous, cancellationToken).ConfigureAwait(false);
                throw RedisContext.AclRefused($"{AppendOperation} '{@event.Id}'", $"{(string)result[1]!} on the ledger's keys");
            case "exhausted":
                await ReleaseLocatorAsync(@event, previous, cancellationToken).ConfigureAwait(false);
                throw new SequenceExhaustedException(@event.SessionId, @event.Id, (long)result[1]);
        }
        var stored = @event with { SeqNum = (long)result[1] };
        return !previous.IsNull && (string)previous! != @event.SessionId
            ? await AppendedInTwoSessionsAsync(stored, cancellationToken).ConfigureAwait(false)
            : stored;
    }

    /// <summary>
    /// Sends, in one batch, the ledger script (assigns the number, writes the hash and its index entry) and the id
    /// locator's SET NX GET. The ledger index is partition-local on session_id (ValidatedLedgerIndex): the session is
    /// the partition. Only the hash values are built (not EventStore.Prepare's typed copy and index entries): the
    /// script derives the rest.
    /// </summary>
    private (Task<RedisResult> Script, Task<RedisValue> Locator) SendAppend(Event @event, long? expectedLastSeq)
    {
        var layout = RedisEntityStore<Event>.Shape;
        var keys = _context.Keys;
        var seqOrdinal = EventsBySession.MemberOrdinals[0];
        // ARGV: seq, id, seq field, entry field, n, the largest number, the expected last number (-1: not fenced), then
        // the n field/value pairs (written straight into the array).
        var (args, pairs) = RedisEntityStore<Event>.ScriptArguments(@event, leading: 7, skippedOrdinal: seqOrdinal);
        args[0] = @event.SeqNum;
        args[1] = @event.Id;
        args[2] = layout.HashFields[seqOrdinal];
        args[3] = EventsBySession.EntryField;
        args[4] = pairs;
        args[5] = StorageLimits.MaxSeqNum;
        args[6] = expectedLastSeq ?? -1;
        var setKey = keys.Index(EventsBySession, [IndexValue.Of(@event.SessionId)]);
        var batch = _context.Database.CreateBatch();
        var script = batch.ScriptEvaluateAsync(RedisScripts.AppendEvent, [keys.Record(layout, @event.SessionId, @event.Id), setKey, RedisKeys.Counter(setKey)], args);
        var locator = batch.StringSetAndGetAsync(keys.Locator(layout, @event.Id), @event.SessionId, null, false, When.NotExists);
        batch.Execute();
        return (script, locator);
    }

    /// <summary>
    /// The script refused the append (nothing stored): the id locator set NX in the same batch goes again, unless it
    /// was there before (<paramref name="previous"/>) or another append has re-pointed it since.
    /// </summary>
    private Task ReleaseLocatorAsync(Event @event, RedisValue previous, CancellationToken cancellationToken) =>
        previous.IsNull
            ? RedisContext.Run(_context.Database.ScriptEvaluateAsync(RedisScripts.DeleteLocator,
                [_context.Keys.Locator(RedisEntityStore<Event>.Shape, @event.Id)], [@event.SessionId]), AppendOperation, cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// The id's locator named another session: the id was appended there first, so that event is the stored one
    /// (idempotent by id) and ours is removed; a leftover locator (its event gone) is taken over.
    /// </summary>
    private async Task<Event> AppendedInTwoSessionsAsync(Event stored, CancellationToken cancellationToken)
    {
        var other = await EventStore.GetAsync(stored.Id, cancellationToken).ConfigureAwait(false);
        if (other is not null && other.SessionId != stored.SessionId)
        {
            await EventStore.DeleteManyAsync([(stored.SessionId, stored.Id)], cancellationToken, keepLocator: true).ConfigureAwait(false);
            return other;
        }
        var locator = _context.Keys.Locator(RedisEntityStore<Event>.Shape, stored.Id);
        await RedisContext.Run(_context.Database.StringSetAsync(locator, stored.SessionId), AppendOperation, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <inheritdoc />
    protected override async Task DeleteSessionCoreAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await base.DeleteSessionCoreAsync(id, cancellationToken).ConfigureAwait(false);
            // The ledger's counter is session-scoped state too: a re-created session starts again at 1.
            await RedisContext.Run(_context.Database.KeyDeleteAsync(LedgerCounterKey(id)), "delete Session", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisContext.Map(e, "delete Session") is { } mapped)
        {
            // Also what the driver throws synchronously while sending (no connection): one mapping scope per call.
            throw mapped;
        }
    }

    /// <summary>
    /// Brings <typeparamref name="TEntity"/>'s records to the code's schema version and records it; refuses a store
    /// written by newer code. Runs under a per-entity migration lock so two processes never rewrite records at once.
    /// </summary>
    public Task MigrateAsync<TEntity>(CancellationToken cancellationToken = default) where TEntity : class, IStorageEntity<TEntity> =>
        Entities<TEntity>().EnsureSchemaAsync(cancellationToken);

    /// <inheritdoc />
    public override bool ReportsSchemaVersions => true;

    /// <inheritdoc />
    /// <remarks>One HGET of the entity's field in the <c>_schema</c> hash that migrations write; nothing there is null.</remarks>
    protected override Task<long?> ReadSchemaVersionAsync<TEntity>(CancellationToken cancellationToken) =>
        ((RedisEntityStore<TEntity>)EntityStore<TEntity>()).RecordedVersionAsync("read schema version " + TEntity.Schema.EntityName, cancellationToken);

    /// <inheritdoc />
    /// <remarks>On a cluster: the move of records written in the single-node key layout, until a migration has done it.</remarks>
    protected override Task<string?> ReadPendingMigrationStepAsync<TEntity>(CancellationToken cancellationToken) =>
        ((RedisEntityStore<TEntity>)EntityStore<TEntity>()).PendingLayoutStepAsync(cancellationToken);

    /// <inheritdoc />
    protected override async ValueTask DisposeCoreAsync()
    {
        if (_ownsConnection) await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The ledger script builds members as SortKeyEncoding(int64 seq) + id: refuse a layout that differs.</summary>
    private static RedisIndexLayout ValidatedLedgerIndex()
    {
        var schema = RedisEntityStore<Event>.Schema;
        var index = RedisEntityStore<Event>.Shape.Indexes[schema.IndexPosition(EventIndexes.BySession)];
        var ok = index.IsPartitionLocal && index.MatchOrdinals.Length == 1 && schema.Fields[index.MatchOrdinals[0]].PropertyName == nameof(Event.SessionId)
            && index.MemberOrdinals.Length == 2 && index.SortKeyCount == 1
            && schema.Fields[index.MemberOrdinals[0]].Kind == FieldKind.Int64 && index.MemberOrdinals[1] == schema.KeyOrdinal && !index.IsDescending;
        return ok ? index : throw new StorageConfigurationException(
            $"redis: the Event index '{index.Name}' must be [session_id] ordered by one int64 ascending for the ledger script; the spec changed it.");
    }
}
