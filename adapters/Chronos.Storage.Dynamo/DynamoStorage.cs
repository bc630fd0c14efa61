using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Dynamo;

/// <summary>
/// <see cref="IStorage"/> on Amazon DynamoDB (or DynamoDB Local): every entity in one table, keyed by the generated
/// <see cref="DynamoLayout"/>, on the low-level AWS SDK v4 client (no <c>DynamoDBContext</c>, so trimming and NativeAOT
/// are safe). Semantics come from <see cref="StorageEngine"/>; this class supplies the DynamoDB parts.
/// </summary>
public sealed partial class DynamoStorage : StorageEngine
{
    /// <inheritdoc />
    /// <remarks>
    /// DynamoDB's 400 KB item and 4 MB transaction. The engine's count leaves out the item's key and index attributes;
    /// the adapter measures the item exactly as sent (<c>DynamoItemSize</c>) and refuses it the same way.
    /// </remarks>
    public override BackendLimits Limits => DynamoLimits;

    private static readonly BackendLimits DynamoLimits = new()
    {
        MaxRecordBytes = DynamoItemSize.MaxItemBytes,
        MaxAtomicWriteBytes = DynamoEventLedger.MaxTransactionBytes,
        Source = "DynamoDB item 400 KB; transaction 4 MB",
    };

    /// <inheritdoc />
    /// <remarks>
    /// The engine's count is of JSON as text; this adapter stores large JSON Brotli-compressed
    /// (<see cref="DynamoStorageOptions.CompressJsonFromBytes"/>), so a record the count puts over 400 KB may still fit.
    /// Only then is the item built and measured exactly (<c>DynamoItemSize</c>), which refuses it with the exact size
    /// when it really is over.
    /// </remarks>
    protected override long StoredRecordBytes<TEntity>(TEntity stored, long measured) =>
        measured <= DynamoItemSize.MaxItemBytes
            ? measured
            : DynamoItemSize.Measure(((DynamoEntityStore<TEntity>)EntityStore<TEntity>()).Build(stored).Item).Size;

    private readonly DynamoContext _context;
    private readonly bool _ownsClient;
    private readonly DynamoEventLedger _ledger;

    /// <summary>Opens a store with its own client (endpoint, region and credentials from <paramref name="options"/>).</summary>
    public DynamoStorage(DynamoStorageOptions options)
        : this(CreateClient(options), options, ownsClient: true)
    {
    }

    /// <summary>Opens a store on the caller's client (which the caller disposes).</summary>
    public DynamoStorage(IAmazonDynamoDB client, DynamoStorageOptions options)
        : this(client, options, ownsClient: false)
    {
    }

    private DynamoStorage(IAmazonDynamoDB client, DynamoStorageOptions options, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        _context = new DynamoContext(client, options, Expiry);
        _ownsClient = ownsClient;
        _ledger = new DynamoEventLedger(_context, (DynamoEntityStore<Event>)EntityStore<Event>());
    }

    /// <summary>
    /// Opens a store from a DSN such as <c>dynamodb://us-east-1/chronos-table</c> or
    /// <c>dynamodb://us-east-1/chronos?endpoint=http://127.0.0.1:8000</c> (see <see cref="DynamoDsn"/>). Credentials
    /// come from <paramref name="credentials"/> or the standard AWS chain. Call <see cref="StorageEngine.MigrateAsync"/>
    /// once to create the table.
    /// </summary>
    /// <exception cref="StorageConfigurationException">The DSN is malformed.</exception>
    public static Task<DynamoStorage> OpenAsync(string dsn, AWSCredentials? credentials = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var options = DynamoDsn.Parse(dsn) with { Credentials = credentials };
        return Task.FromResult(new DynamoStorage(options));
    }

    /// <inheritdoc />
    public override string BackendName => DynamoContext.Backend;

    /// <summary>The table holding every entity.</summary>
    public string TableName => _context.TableName;

    /// <inheritdoc />
    protected override IEntityStore<TEntity> EntityStore<TEntity>() =>
        EntityStore<TEntity, DynamoEntityStore<TEntity>, DynamoContext>(_context, static context => new DynamoEntityStore<TEntity>(context));

    /// <inheritdoc />
    protected override Task<Event> AppendEventCoreAsync(Event @event, long? expectedLastSeq, CancellationToken cancellationToken) =>
        _ledger.AppendAsync(@event, expectedLastSeq, cancellationToken);

    /// <inheritdoc />
    protected override async Task MigrateCoreAsync(CancellationToken cancellationToken)
    {
        await _context.Table.EnsureAsync(
            [Layout<Session>(), Layout<MemoryRecord>(), Layout<AuditLog>(), Layout<Trace>(), Layout<Event>(), Layout<Checkpoint>()],
            cancellationToken).ConfigureAwait(false);
        // Then each store checks its recorded version, applies pending steps and records the new one.
        await base.MigrateCoreAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override bool ReportsSchemaVersions => true;

    /// <inheritdoc />
    /// <remarks>
    /// One consistent GetItem of the entity's <c>⟨_schema⟩ / ⟨storage name⟩</c> item, the one migrations write. No
    /// item, or no table at all (never migrated), is null.
    /// </remarks>
    protected override async Task<long?> ReadSchemaVersionAsync<TEntity>(CancellationToken cancellationToken)
    {
        try
        {
            return await _context.Table.ReadVersionAsync(TEntity.Schema, "ReadSchemaVersion", cancellationToken).ConfigureAwait(false);
        }
        catch (StorageConfigurationException e) when (e.InnerException is ResourceNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    protected override ValueTask DisposeCoreAsync()
    {
        if (_ownsClient) _context.Client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static DynamoLayout Layout<TEntity>() where TEntity : IStorageEntity<TEntity> => DynamoLayout.Of<TEntity>();


    private static IAmazonDynamoDB CreateClient(DynamoStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonDynamoDBConfig();
        if (options.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        return options.Credentials is { } credentials ? new AmazonDynamoDBClient(credentials, config) : new AmazonDynamoDBClient(config);
    }
}
