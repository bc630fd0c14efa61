using System.Collections.Concurrent;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Dynamo;

/// <summary>
/// The single table's life cycle: creates it (on-demand billing) with the GSIs the entities' layouts need, adds GSIs
/// an entity needs later, waits until everything is active, and records each entity's schema version in a
/// <c>⟨_schema⟩ / ⟨storage name⟩</c> item. Every step is idempotent and safe to run from several processes at once.
/// </summary>
internal sealed class DynamoTable
{
    private const string SchemaTag = "_schema";
    private const string VersionAttribute = "version";
    private const string SpecHashAttribute = "spec_hash";

    private readonly DynamoContext _context;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _recorded = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _tableLock = new(1, 1);
    private readonly HashSet<string> _readyGsis = new(StringComparer.Ordinal);
    private volatile bool _exists;
    private volatile bool _timeToLiveOn;

    public DynamoTable(DynamoContext context) => _context = context;

    /// <summary>Makes sure the table and the GSIs serving <paramref name="layouts"/> exist and are active.</summary>
    public async Task EnsureAsync(IEnumerable<DynamoLayout> layouts, CancellationToken cancellationToken)
    {
        // GSIs are shared by slot: the same name always has the same key attributes (DynamoLayout.From names both).
        var needed = layouts.SelectMany(l => l.Indexes).DistinctBy(i => i.GsiName).OrderBy(i => i.GsiName, StringComparer.Ordinal).ToList();
        lock (_readyGsis)
        {
            if (_exists && (_timeToLiveOn || !_context.Expiry.HasNativeRules) && needed.All(i => _readyGsis.Contains(i.GsiName))) return;
        }
        await _tableLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var deadline = DateTime.UtcNow + _context.Options.ActivationTimeout;
            var table = await DescribeAsync(cancellationToken).ConfigureAwait(false);
            if (table is null)
            {
                await CreateAsync(needed, cancellationToken).ConfigureAwait(false);
            }
            table = await WaitActiveAsync(deadline, cancellationToken).ConfigureAwait(false);
            foreach (var index in needed)
            {
                if (table.GlobalSecondaryIndexes?.Any(g => g.IndexName == index.GsiName) == true) continue;
                await AddGsiAsync(index, deadline, cancellationToken).ConfigureAwait(false);
                table = await WaitActiveAsync(deadline, cancellationToken).ConfigureAwait(false);
            }
            if (_context.Expiry.HasNativeRules && !_timeToLiveOn)
            {
                await EnableTimeToLiveAsync(cancellationToken).ConfigureAwait(false);
                _timeToLiveOn = true;
            }
            lock (_readyGsis)
            {
                foreach (var gsi in table.GlobalSecondaryIndexes ?? []) _readyGsis.Add(gsi.IndexName);
                _exists = true;
            }
        }
        finally
        {
            _tableLock.Release();
        }
    }

    /// <summary>
    /// Turns on DynamoDB's TTL on <see cref="DynamoRecordExpiry.Attribute"/>, so expired records are deleted by the
    /// service (<see cref="DynamoRecordExpiry{TEntity}"/>). Only when the store's retention expires records natively
    /// (<see cref="RecordExpiry.HasNativeRules"/>): a table nobody writes expiring records to needs no TTL, and DynamoDB
    /// Local runs a never-ending deletion job per TTL table on the pool that also builds GSIs, so a test server with many
    /// TTL tables stops building indexes. Idempotent: a table whose TTL is on that attribute already is
    /// left alone, also when another process turned it on meanwhile. A table's TTL can be on one attribute only, so TTL on
    /// another attribute is a configuration error rather than a silently growing table.
    /// </summary>
    private async Task EnableTimeToLiveAsync(CancellationToken cancellationToken)
    {
        if (await TimeToLiveAsync(cancellationToken).ConfigureAwait(false)) return;
        var request = new UpdateTimeToLiveRequest
        {
            TableName = _context.TableName,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = DynamoRecordExpiry.Attribute, Enabled = true },
        };
        try
        {
            await _context.CallAsync("Migrate", request, static (c, r, ct) => c.UpdateTimeToLiveAsync(r, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonDynamoDBException ex) when (ex is not ResourceNotFoundException)
        {
            // Another process turned it on first ("TimeToLive is already enabled"): fine when it is on our attribute.
            if (await TimeToLiveAsync(cancellationToken).ConfigureAwait(false)) return;
            throw new StorageConfigurationException(
                $"{DynamoContext.Backend}: could not turn on TTL on attribute '{DynamoRecordExpiry.Attribute}' of table '{_context.TableName}': {ex.Message}", ex);
        }
    }

    /// <summary>True when the table's TTL is on (or being turned on) for our attribute; throws when it is on another one.</summary>
    private async Task<bool> TimeToLiveAsync(CancellationToken cancellationToken)
    {
        var described = await _context.CallAsync("Migrate", new DescribeTimeToLiveRequest { TableName = _context.TableName },
            static (c, r, ct) => c.DescribeTimeToLiveAsync(r, ct), cancellationToken).ConfigureAwait(false);
        var ttl = described.TimeToLiveDescription;
        if (ttl?.TimeToLiveStatus != TimeToLiveStatus.ENABLED && ttl?.TimeToLiveStatus != TimeToLiveStatus.ENABLING) return false;
        if (ttl.AttributeName == DynamoRecordExpiry.Attribute) return true;
        throw new StorageConfigurationException(
            $"{DynamoContext.Backend}: table '{_context.TableName}' has TTL on attribute '{ttl.AttributeName}'; Chronos expires records " +
            $"through '{DynamoRecordExpiry.Attribute}' and a table has one TTL attribute: turn TTL off (UpdateTimeToLive) and migrate again.");
    }

    /// <summary>The entity's recorded schema version (one consistent GetItem), or null when none is recorded yet.</summary>
    public async Task<long?> ReadVersionAsync(EntitySchema schema, string operation, CancellationToken cancellationToken)
    {
        var stored = await _context.CallAsync(operation, new GetItemRequest { TableName = _context.TableName, Key = VersionKey(schema), ConsistentRead = true },
            static (c, r, ct) => c.GetItemAsync(r, ct), cancellationToken).ConfigureAwait(false);
        return stored.Item is { Count: > 0 } item && item.TryGetValue(VersionAttribute, out var version)
            ? long.Parse(version.N, CultureInfo.InvariantCulture)
            : null;
    }

    private static Dictionary<string, AttributeValue> VersionKey(EntitySchema schema) => new()
    {
        [DynamoLayout.PartitionKeyAttribute] = new() { S = SortKeyEncoding.Encode(SchemaTag) },
        [DynamoLayout.SortKeyAttribute] = new() { S = SortKeyEncoding.Encode(schema.StorageName) },
    };

    /// <summary>Records the entity's schema version once per store; refuses a store written by newer code.</summary>
    public Task RecordVersionAsync(EntitySchema schema, CancellationToken cancellationToken) =>
        _recorded.GetOrAdd(schema.StorageName, _ => new Lazy<Task>(() => RecordVersionCoreAsync(schema, CancellationToken.None))).Value
            .WaitAsync(cancellationToken);

    private async Task RecordVersionCoreAsync(EntitySchema schema, CancellationToken cancellationToken)
    {
        var key = VersionKey(schema);
        var item = new Dictionary<string, AttributeValue>(key)
        {
            [VersionAttribute] = new() { N = schema.Version.ToString(CultureInfo.InvariantCulture) },
            [SpecHashAttribute] = new() { S = schema.SpecHash },
        };
        var put = new PutItemRequest
        {
            TableName = _context.TableName,
            Item = item,
            // Never lowers a version recorded by newer code, even when old and new code migrate at the same time.
            ConditionExpression = "attribute_not_exists(#v) OR #v <= :v",
            ExpressionAttributeNames = new() { ["#v"] = VersionAttribute },
            ExpressionAttributeValues = new() { [":v"] = item[VersionAttribute] },
        };
        try
        {
            await _context.CallAsync("Migrate", put, static (c, r, ct) => c.PutItemAsync(r, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            var stored = await _context.CallAsync("Migrate", new GetItemRequest { TableName = _context.TableName, Key = key, ConsistentRead = true },
                static (c, r, ct) => c.GetItemAsync(r, ct), cancellationToken).ConfigureAwait(false);
            var storedVersion = int.Parse(stored.Item![VersionAttribute].N, CultureInfo.InvariantCulture);
            throw new SchemaVersionException(schema.EntityName, storedVersion, schema.Version,
                $"{DynamoContext.Backend}: table '{_context.TableName}' holds {schema.EntityName} at schema version {storedVersion}, " +
                $"newer than this code's {schema.Version}; upgrade the application instead of migrating backwards.");
        }
    }

    private async Task<TableDescription?> DescribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await _context.Client.DescribeTableAsync(new DescribeTableRequest { TableName = _context.TableName }, cancellationToken)
                .ConfigureAwait(false);
            return response.Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or System.Net.Sockets.SocketException or IOException)
        {
            throw new TransientStorageException(DynamoContext.Backend, "Migrate", ex);
        }
    }

    private async Task CreateAsync(List<DynamoIndexLayout> indexes, CancellationToken cancellationToken)
    {
        var request = new CreateTableRequest
        {
            TableName = _context.TableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema =
            [
                new KeySchemaElement(DynamoLayout.PartitionKeyAttribute, KeyType.HASH),
                new KeySchemaElement(DynamoLayout.SortKeyAttribute, KeyType.RANGE),
            ],
            AttributeDefinitions =
            [
                new AttributeDefinition(DynamoLayout.PartitionKeyAttribute, ScalarAttributeType.S),
                new AttributeDefinition(DynamoLayout.SortKeyAttribute, ScalarAttributeType.S),
                .. indexes.SelectMany(DynamoGsi.AttributeDefinitions),
            ],
            GlobalSecondaryIndexes = indexes.Count == 0 ? null : indexes.Select(DynamoGsi.Definition).ToList(),
        };
        try
        {
            await _context.CallAsync("Migrate", request, static (c, r, ct) => c.CreateTableAsync(r, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // Another process created it first: fine, we wait for it to become active.
        }
    }

    private async Task AddGsiAsync(DynamoIndexLayout index, DateTime deadline, CancellationToken cancellationToken)
    {
        var request = new UpdateTableRequest
        {
            TableName = _context.TableName,
            AttributeDefinitions = DynamoGsi.AttributeDefinitions(index).ToList(),
            GlobalSecondaryIndexUpdates =
            [
                new GlobalSecondaryIndexUpdate
                {
                    Create = new CreateGlobalSecondaryIndexAction
                    {
                        IndexName = index.GsiName,
                        KeySchema = DynamoGsi.KeySchema(index),
                        Projection = new Projection { ProjectionType = ProjectionType.ALL },
                    },
                },
            ],
        };
        while (true)
        {
            try
            {
                await _context.CallAsync("Migrate", request, static (c, r, ct) => c.UpdateTableAsync(r, ct), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AmazonDynamoDBException ex) when (ex is ResourceInUseException or LimitExceededException || ex.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase))
            {
                // Another process is changing the table (or already added this index): wait, then look again.
                var table = await WaitActiveAsync(deadline, cancellationToken).ConfigureAwait(false);
                if (table.GlobalSecondaryIndexes?.Any(g => g.IndexName == index.GsiName) == true) return;
            }
        }
    }

    private async Task<TableDescription> WaitActiveAsync(DateTime deadline, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var table = await DescribeAsync(cancellationToken).ConfigureAwait(false);
            if (table is not null && table.TableStatus == TableStatus.ACTIVE &&
                (table.GlobalSecondaryIndexes ?? []).All(g => g.IndexStatus == IndexStatus.ACTIVE))
            {
                return table;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new StorageConfigurationException(
                    $"{DynamoContext.Backend}: table '{_context.TableName}' did not become active within {_context.Options.ActivationTimeout} " +
                    $"(status: {table?.TableStatus?.Value ?? "missing"}).");
            }
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }
}

/// <summary>GSI definitions from the generated index layouts.</summary>
internal static class DynamoGsi
{
    public static List<KeySchemaElement> KeySchema(DynamoIndexLayout index) =>
        [new KeySchemaElement(index.PartitionAttribute, KeyType.HASH), new KeySchemaElement(index.SortAttribute, KeyType.RANGE)];

    public static IEnumerable<AttributeDefinition> AttributeDefinitions(DynamoIndexLayout index) =>
        [new AttributeDefinition(index.PartitionAttribute, ScalarAttributeType.S), new AttributeDefinition(index.SortAttribute, ScalarAttributeType.S)];

    public static GlobalSecondaryIndex Definition(DynamoIndexLayout index) => new()
    {
        IndexName = index.GsiName,
        KeySchema = KeySchema(index),
        // ALL: a list is one query, with no second read per record.
        Projection = new Projection { ProjectionType = ProjectionType.ALL },
    };
}
