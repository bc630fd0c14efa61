using System.Collections.Immutable;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Dynamo;

/// <summary>
/// <see cref="IEntityStore{TEntity}"/> on the single table, driven by the entity's generated schema, visitor and
/// <see cref="DynamoLayout"/>. Records are items keyed <c>⟨tag, key⟩ / item</c>; declared indexes are GSIs; unique
/// indexes are also enforced by guard items written in the same transaction as the record.
/// </summary>
internal sealed partial class DynamoEntityStore<TEntity> : IEntityStore<TEntity> where TEntity : class, IStorageEntity<TEntity>
{
    /// <summary>The attribute of a guard item naming the record that owns it.</summary>
    internal const string OwnerAttribute = "_owner";

    internal static readonly DynamoKeys Keys = new(TEntity.Schema, DynamoLayout.Of<TEntity>());

    private static readonly int[] UniqueIndexes =
        Enumerable.Range(0, DynamoLayout.Of<TEntity>().Indexes.Length).Where(i => DynamoLayout.Of<TEntity>().Indexes[i].IsUnique).ToArray();

    private readonly DynamoContext _context;
    private readonly DynamoRecordExpiry<TEntity> _expiry;

    public DynamoEntityStore(DynamoContext context)
    {
        _context = context;
        _expiry = new DynamoRecordExpiry<TEntity>(context.Expiry);
    }

    internal static EntitySchema Schema => TEntity.Schema;

    private static string EntityName => TEntity.Schema.EntityName;

    /// <inheritdoc />
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        await _context.Table.EnsureAsync([DynamoLayout.Of<TEntity>()], cancellationToken).ConfigureAwait(false);
        var stored = await _context.Table.ReadVersionAsync(Schema, "Migrate", cancellationToken).ConfigureAwait(false);
        var pending = SchemaMigrator.Pending<TEntity>(stored, DynamoContext.Backend, $"table '{_context.TableName}'");
        await ApplyMigrationAsync(pending, cancellationToken).ConfigureAwait(false);
        await _context.Table.RecordVersionAsync(Schema, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task InsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        var record = Build(entity);
        if (UniqueIndexes.Length == 0)
        {
            try
            {
                await _context.CallAsync("Insert", PutIfAbsent(record.Item), static (c, r, ct) => c.PutItemAsync(r, ct), cancellationToken)
                    .ConfigureAwait(false);
                return;
            }
            catch (ConditionalCheckFailedException ex)
            {
                throw new DuplicateKeyException(EntityName, record.Key, Schema.Key.StorageName, ex);
            }
        }

        var guards = Guards(record);
        for (var attempt = 1; ; attempt++)
        {
            List<TransactWriteItem> items = [new() { Put = PutIfAbsent(record.Item).AsTransactPut() }];
            items.AddRange(guards.Select(g => new TransactWriteItem { Put = PutIfAbsent(g.Item).AsTransactPut() }));
            var reasons = await DynamoTransactions.TryWriteAsync(_context, "Insert", items, cancellationToken).ConfigureAwait(false);
            if (reasons is null) return;
            ThrowIfTaken(reasons, record, guards, firstGuardItem: 1);
            await RetryAsync("Insert", attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task UpsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        var record = Build(entity);
        if (UniqueIndexes.Length == 0)
        {
            await _context.CallAsync("Upsert", new PutItemRequest { TableName = _context.TableName, Item = record.Item },
                static (c, r, ct) => c.PutItemAsync(r, ct), cancellationToken).ConfigureAwait(false);
            return;
        }
        await ReplaceWithGuardsAsync(record, expectedVersion: null, "Upsert", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> TryUpdateAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        var versionOrdinal = Schema.ConcurrencyOrdinal ?? throw new StorageArgumentException(nameof(entity), EntityName, null,
            "the entity declares no concurrency field, so it cannot be updated optimistically; use UpsertAsync.");
        var record = Build(entity);
        var expected = record.Values[versionOrdinal]?.AsInt64 ?? 0;
        var versionName = Schema.Fields[versionOrdinal].StorageName;
        record.Item[versionName] = new AttributeValue { N = (expected + 1).ToString(CultureInfo.InvariantCulture) };
        if (UniqueIndexes.Length > 0)
        {
            return await ReplaceWithGuardsAsync(record, expected, "TryUpdate", cancellationToken).ConfigureAwait(false);
        }
        var request = new PutItemRequest
        {
            TableName = _context.TableName,
            Item = record.Item,
            ConditionExpression = "#version = :expected",
            ExpressionAttributeNames = new() { ["#version"] = versionName },
            ExpressionAttributeValues = new() { [":expected"] = new AttributeValue { N = expected.ToString(CultureInfo.InvariantCulture) } },
        };
        try
        {
            await _context.CallAsync("TryUpdate", request, static (c, r, ct) => c.PutItemAsync(r, ct), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<TEntity?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var item = await GetItemAsync(key, "Get", cancellationToken).ConfigureAwait(false);
        return item is null ? null : Read(item);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        if (UniqueIndexes.Length == 0)
        {
            var response = await _context.CallAsync("Delete",
                new DeleteItemRequest { TableName = _context.TableName, Key = ItemKey(key), ReturnValues = ReturnValue.ALL_OLD },
                static (c, r, ct) => c.DeleteItemAsync(r, ct), cancellationToken).ConfigureAwait(false);
            // Deleting an expired item DynamoDB had not deleted yet removes nothing a reader could see.
            return response.Attributes is { Count: > 0 } old && !_expiry.HasExpired(old);
        }
        for (var attempt = 1; ; attempt++)
        {
            var old = await GetItemAsync(key, "Delete", cancellationToken).ConfigureAwait(false);
            if (old is null) return false;
            var oldRecord = BuildStoredKeys(old);
            List<TransactWriteItem> items =
            [
                new() { Delete = new Delete { TableName = _context.TableName, Key = ItemKey(key) }.WithCondition(SameUniqueEntries(old)) },
            ];
            items.AddRange(Guards(oldRecord).Select(g => new TransactWriteItem { Delete = DeleteOwnedGuard(g.Key, key) }));
            if (await DynamoTransactions.TryWriteAsync(_context, "Delete", items, cancellationToken).ConfigureAwait(false) is null) return true;
            await RetryAsync("Delete", attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TEntity>> ListAsync(IndexQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var results = new List<TEntity>();
        var offset = query.Offset;
        await foreach (var item in QueryAsync(query, query.Limit is { } l ? offset + l : null, liveOnly: true, cancellationToken).ConfigureAwait(false))
        {
            if (offset > 0)
            {
                offset--;
                continue;
            }
            results.Add(Read(item));
            if (results.Count == query.Limit) break;
        }
        return results;
    }

    /// <inheritdoc />
    public async Task<long> DeleteMatchingAsync(string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken = default)
    {
        var position = IndexPosition(index);
        var keys = new List<Dictionary<string, AttributeValue>>();
        long count = 0;
        // Expired items go too: they are invisible already, and removing them now leaves nothing behind the session.
        await foreach (var item in QueryAsync(new IndexQuery(index, match.AsSpan()), null, liveOnly: false, cancellationToken).ConfigureAwait(false))
        {
            count++;
            keys.Add(TableKey(item));
            if (UniqueIndexes.Length > 0) keys.AddRange(Guards(BuildStoredKeys(item)).Select(g => g.Key));
        }
        if (DynamoLayout.Of<TEntity>().Indexes[position].IsUnique)
        {
            // The guard partition of a unique index is exactly "every record matching these values", plus the
            // partition's sequence counter: with the records gone, it goes too (a reused session restarts at 1).
            var partition = Keys.IndexPartition(position, match);
            await foreach (var item in QueryPartitionAsync(partition, cancellationToken).ConfigureAwait(false))
            {
                keys.Add(TableKey(item));
            }
        }
        await DeleteBatchesAsync(keys, cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>The entity as an item, refused before sending when over DynamoDB's item size limit.</summary>
    /// <exception cref="RecordTooLargeException">The item is over 400 KB.</exception>
    internal DynamoRecord Build(TEntity entity)
    {
        var writer = new DynamoItemWriter(Schema, _context.Options.CompressJsonFromBytes);
        TEntity.Write(entity, ref writer);
        var key = TEntity.GetKey(entity);
        var item = writer.Item;
        item[DynamoLayout.PartitionKeyAttribute] = new AttributeValue { S = Keys.ItemPartition(key) };
        item[DynamoLayout.SortKeyAttribute] = new AttributeValue { S = DynamoLayout.ItemSortKey };
        for (var i = 0; i < DynamoLayout.Of<TEntity>().Indexes.Length; i++)
        {
            var index = DynamoLayout.Of<TEntity>().Indexes[i];
            if (Keys.IndexPartition(i, writer.Values, key) is not { } partition) continue;
            item[index.PartitionAttribute] = new AttributeValue { S = partition };
            item[index.SortAttribute] = new AttributeValue { S = Keys.IndexSort(i, writer.Values, key) };
        }
        _expiry.Stamp(entity, item);
        var (size, largest) = DynamoItemSize.Measure(item);
        if (size > DynamoItemSize.MaxItemBytes)
        {
            throw new RecordTooLargeException(DynamoContext.Backend, EntityName, key, size, DynamoItemSize.MaxItemBytes, largest);
        }
        return new DynamoRecord(key, item, writer.Values);
    }

    /// <summary>The guard items of a record's unique index entries (none when a match field is null).</summary>
    internal List<(int Index, Dictionary<string, AttributeValue> Key, Dictionary<string, AttributeValue> Item)> Guards(DynamoRecord record)
    {
        var guards = new List<(int, Dictionary<string, AttributeValue>, Dictionary<string, AttributeValue>)>(UniqueIndexes.Length);
        foreach (var i in UniqueIndexes)
        {
            if (Keys.IndexPartition(i, record.Values, record.Key) is not { } partition) continue;
            var key = new Dictionary<string, AttributeValue>
            {
                [DynamoLayout.PartitionKeyAttribute] = new() { S = partition },
                [DynamoLayout.SortKeyAttribute] = new() { S = Keys.GuardSort(i, record.Values, record.Key) },
            };
            guards.Add((i, key, new Dictionary<string, AttributeValue>(key) { [OwnerAttribute] = new() { S = record.Key } }));
        }
        return guards;
    }

    /// <summary>The table key of a record item.</summary>
    internal static Dictionary<string, AttributeValue> ItemKey(string key) => new()
    {
        [DynamoLayout.PartitionKeyAttribute] = new() { S = Keys.ItemPartition(key) },
        [DynamoLayout.SortKeyAttribute] = new() { S = DynamoLayout.ItemSortKey },
    };

    /// <summary>The table key (partition and sort attributes) of any item.</summary>
    private static Dictionary<string, AttributeValue> TableKey(Dictionary<string, AttributeValue> item) => new()
    {
        [DynamoLayout.PartitionKeyAttribute] = item[DynamoLayout.PartitionKeyAttribute],
        [DynamoLayout.SortKeyAttribute] = item[DynamoLayout.SortKeyAttribute],
    };

    /// <summary>A put that succeeds only when no live item has the same table key (an expired one is taken over).</summary>
    internal PutItemRequest PutIfAbsent(Dictionary<string, AttributeValue> item)
    {
        var put = new PutItemRequest
        {
            TableName = _context.TableName,
            Item = item,
            ConditionExpression = "attribute_not_exists(#pk)",
            ExpressionAttributeNames = new() { ["#pk"] = DynamoLayout.PartitionKeyAttribute },
        };
        _expiry.AbsentOrExpired(put);
        return put;
    }

    /// <summary>Reads a record item through the generated visitor.</summary>
    internal static TEntity Read(Dictionary<string, AttributeValue> item)
    {
        return StoredRecord.Read<TEntity, DynamoItemReader>(new DynamoItemReader(item, Schema), DynamoContext.Backend);
    }

    /// <summary>
    /// A stored item rebuilt from its scalar fields only (JSON fields empty), enough for its keys and guard items:
    /// deleting or replacing a record must work whatever its JSON holds, even when it is unreadable.
    /// </summary>
    private DynamoRecord BuildStoredKeys(Dictionary<string, AttributeValue> item)
    {
        var reader = new DynamoKeyFieldReader(item, Schema);
        return Build(TEntity.Read(ref reader));
    }

    /// <summary>The record item by key, strongly consistent.</summary>
    internal async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string key, string operation, CancellationToken cancellationToken)
    {
        var response = await _context.CallAsync(operation,
            new GetItemRequest { TableName = _context.TableName, Key = ItemKey(key), ConsistentRead = true },
            static (c, r, ct) => c.GetItemAsync(r, ct), cancellationToken).ConfigureAwait(false);
        // An expired item DynamoDB has not deleted yet is gone for readers.
        return response.Item is { Count: > 0 } item && !_expiry.HasExpired(item) ? item : null;
    }

    /// <summary>
    /// The items along a declared index, in its order, following <c>LastEvaluatedKey</c> page by page until
    /// <paramref name="needed"/> items came back. With <paramref name="liveOnly"/>, expired items are filtered out by the
    /// server after its <c>Limit</c>: a page may come back short or empty with more behind it, so counting only the items
    /// returned keeps reading until enough live ones (or the end) are found.
    /// </summary>
    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryAsync(
        IndexQuery query, int? needed, bool liveOnly, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var position = IndexPosition(query.Index);
        var index = DynamoLayout.Of<TEntity>().Indexes[position];
        var request = new QueryRequest
        {
            TableName = _context.TableName,
            IndexName = index.GsiName,
            ScanIndexForward = index.ScanForward,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new() { ["#pk"] = index.PartitionAttribute },
            ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = Keys.IndexPartition(position, query.Match) } },
        };
        if (query.After is { } after)
        {
            // "Strictly after the first sort key's value" in the index's direction, on the order-preserving encoding.
            var value = Keys.Checked(after, index.SortOrdinals[0], "query.After");
            request.KeyConditionExpression += index.ScanForward ? " AND #sk >= :after" : " AND #sk < :after";
            request.ExpressionAttributeNames["#sk"] = index.SortAttribute;
            request.ExpressionAttributeValues[":after"] = new AttributeValue
            {
                S = index.ScanForward ? SortKeyEncoding.AfterAll(value) : SortKeyEncoding.BeforeAll(value),
            };
        }
        if (liveOnly) _expiry.LiveOnly(request);
        var seen = 0;
        var filtered = false;
        do
        {
            var pageSize = _context.Options.QueryPageSize;
            // Once expired items were filtered out, pages are not shrunk to what is still needed: a run of expired
            // items would otherwise cost a round trip per few items.
            if (needed is { } n && !filtered) pageSize = Math.Min(pageSize ?? int.MaxValue, Math.Max(n - seen, 1));
            request.Limit = pageSize;
            var response = await _context.CallAsync("List", request, static (c, r, ct) => c.QueryAsync(r, ct), cancellationToken)
                .ConfigureAwait(false);
            filtered |= response.ScannedCount > response.Count;
            foreach (var item in response.Items ?? [])
            {
                seen++;
                yield return item;
            }
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null && (needed is null || seen < needed));
    }

    /// <summary>Every item of one table partition (a guard partition), strongly consistent.</summary>
    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryPartitionAsync(
        string partition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = _context.TableName,
            ConsistentRead = true,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new() { ["#pk"] = DynamoLayout.PartitionKeyAttribute },
            ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = partition } },
            Limit = _context.Options.QueryPageSize,
        };
        do
        {
            var response = await _context.CallAsync("DeleteMatching", request, static (c, r, ct) => c.QueryAsync(r, ct), cancellationToken)
                .ConfigureAwait(false);
            foreach (var item in response.Items ?? []) yield return item;
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null);
    }

    private async Task DeleteBatchesAsync(List<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken)
    {
        // A batch must not name one item twice (a guard is found both from its record and in its partition).
        var distinct = keys.DistinctBy(k => (k[DynamoLayout.PartitionKeyAttribute].S, k[DynamoLayout.SortKeyAttribute].S));
        foreach (var chunk in distinct.Chunk(25))
        {
            var pending = chunk.Select(k => new WriteRequest { DeleteRequest = new DeleteRequest { Key = k } }).ToList();
            for (var attempt = 1; pending.Count > 0; attempt++)
            {
                var request = new BatchWriteItemRequest { RequestItems = new() { [_context.TableName] = pending } };
                var response = await _context.CallAsync("DeleteMatching", request, static (c, r, ct) => c.BatchWriteItemAsync(r, ct), cancellationToken)
                    .ConfigureAwait(false);
                pending = response.UnprocessedItems is { } left && left.TryGetValue(_context.TableName, out var rest) ? rest : [];
                if (pending.Count > 0) await RetryAsync("DeleteMatching", attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Insert-or-replace for entities with unique indexes: moves guard items whose values changed, in one transaction
    /// conditioned on the record's unique entries being what was read, so concurrent writers cannot orphan guards.
    /// </summary>
    private async Task<bool> ReplaceWithGuardsAsync(DynamoRecord record, long? expectedVersion, string operation, CancellationToken cancellationToken)
    {
        var newGuards = Guards(record);
        for (var attempt = 1; ; attempt++)
        {
            var old = await GetItemAsync(record.Key, operation, cancellationToken).ConfigureAwait(false);
            var oldGuards = old is null ? [] : Guards(BuildStoredKeys(old));
            if (expectedVersion is { } expected)
            {
                var versionName = Schema.Fields[Schema.ConcurrencyOrdinal!.Value].StorageName;
                if (old is null || old.GetValueOrDefault(versionName)?.N != expected.ToString(CultureInfo.InvariantCulture)) return false;
            }
            var put = new Put { TableName = _context.TableName, Item = record.Item };
            if (old is null) put.WithCondition(("attribute_not_exists(#pk)", new() { ["#pk"] = DynamoLayout.PartitionKeyAttribute }, new()));
            else put.WithCondition(SameUniqueEntries(old));
            List<TransactWriteItem> items = [new() { Put = put }];
            var firstNewGuard = -1;
            foreach (var oldGuard in oldGuards.Where(o => !newGuards.Any(n => SameKey(n.Key, o.Key))))
            {
                items.Add(new TransactWriteItem { Delete = DeleteOwnedGuard(oldGuard.Key, record.Key) });
            }
            var added = newGuards.Where(n => !oldGuards.Any(o => SameKey(n.Key, o.Key))).ToList();
            if (added.Count > 0) firstNewGuard = items.Count;
            items.AddRange(added.Select(g => new TransactWriteItem { Put = PutIfAbsent(g.Item).AsTransactPut() }));
            var reasons = await DynamoTransactions.TryWriteAsync(_context, operation, items, cancellationToken).ConfigureAwait(false);
            if (reasons is null) return true;
            if (firstNewGuard >= 0) ThrowIfTaken(reasons, null, added, firstNewGuard, record.Key);
            await RetryAsync(operation, attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Condition: the stored item still has the unique index entries of <paramref name="old"/>.</summary>
    private static (string Expression, Dictionary<string, string> Names, Dictionary<string, AttributeValue> Values) SameUniqueEntries(
        Dictionary<string, AttributeValue> old)
    {
        var names = new Dictionary<string, string> { ["#pk"] = DynamoLayout.PartitionKeyAttribute };
        var values = new Dictionary<string, AttributeValue>();
        var clauses = new List<string> { "attribute_exists(#pk)" };
        foreach (var i in UniqueIndexes)
        {
            var index = DynamoLayout.Of<TEntity>().Indexes[i];
            foreach (var (attribute, tag) in new[] { (index.PartitionAttribute, $"p{i}"), (index.SortAttribute, $"s{i}") })
            {
                names["#" + tag] = attribute;
                if (old.TryGetValue(attribute, out var value))
                {
                    values[":" + tag] = value;
                    clauses.Add($"#{tag} = :{tag}");
                }
                else
                {
                    clauses.Add($"attribute_not_exists(#{tag})");
                }
            }
        }
        return (string.Join(" AND ", clauses), names, values);
    }

    private Delete DeleteOwnedGuard(Dictionary<string, AttributeValue> key, string owner) => new()
    {
        TableName = _context.TableName,
        Key = key,
        ConditionExpression = "attribute_not_exists(#pk) OR #owner = :owner",
        ExpressionAttributeNames = new() { ["#pk"] = DynamoLayout.PartitionKeyAttribute, ["#owner"] = OwnerAttribute },
        ExpressionAttributeValues = new() { [":owner"] = new AttributeValue { S = owner } },
    };

    private static bool SameKey(Dictionary<string, AttributeValue> a, Dictionary<string, AttributeValue> b) =>
        a[DynamoLayout.PartitionKeyAttribute].S == b[DynamoLayout.PartitionKeyAttribute].S &&
        a[DynamoLayout.SortKeyAttribute].S == b[DynamoLayout.SortKeyAttribute].S;

    /// <summary>Turns a failed "absent" condition on the record or a guard into <see cref="DuplicateKeyException"/>.</summary>
    private static void ThrowIfTaken(
        IReadOnlyList<CancellationReason> reasons,
        DynamoRecord? record,
        List<(int Index, Dictionary<string, AttributeValue> Key, Dictionary<string, AttributeValue> Item)> guards,
        int firstGuardItem,
        string? key = null)
    {
        if (record is not null && DynamoTransactions.Failed(reasons, 0))
        {
            throw new DuplicateKeyException(EntityName, record.Key, Schema.Key.StorageName);
        }
        for (var g = 0; g < guards.Count; g++)
        {
            if (!DynamoTransactions.Failed(reasons, firstGuardItem + g)) continue;
            var index = DynamoLayout.Of<TEntity>().Indexes[guards[g].Index];
            var fields = string.Join(", ", index.MatchOrdinals.Concat(index.SortOrdinals.Take(index.OrderLength)).Select(o => Schema.Fields[o].StorageName));
            throw new DuplicateKeyException(EntityName, record?.Key ?? key ?? "", fields);
        }
    }

    private async Task RetryAsync(string operation, int attempt, CancellationToken cancellationToken)
    {
        if (attempt >= _context.Options.MaxWriteAttempts) throw DynamoTransactions.Exhausted($"{EntityName}.{operation}", attempt);
        await DynamoTransactions.BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
    }

    private static int IndexPosition(string index)
    {
        try
        {
            return Schema.IndexPosition(index);
        }
        catch (KeyNotFoundException)
        {
            throw new StorageArgumentException("query.Index", EntityName, null,
                $"no index '{index}'; declared: {string.Join(", ", Schema.Indexes.Select(i => i.Name))}.");
        }
    }
}

/// <summary>Small request builders shared by the store and the ledger.</summary>
internal static class DynamoRequests
{
    /// <summary>A transactional put with the same item and condition.</summary>
    public static Put AsTransactPut(this PutItemRequest request) => new()
    {
        TableName = request.TableName,
        Item = request.Item,
        ConditionExpression = request.ConditionExpression,
        ExpressionAttributeNames = request.ExpressionAttributeNames,
        ExpressionAttributeValues = request.ExpressionAttributeValues,
    };

    public static Put WithCondition(this Put put, (string Expression, Dictionary<string, string> Names, Dictionary<string, AttributeValue> Values) condition)
    {
        put.ConditionExpression = condition.Expression;
        put.ExpressionAttributeNames = condition.Names;
        put.ExpressionAttributeValues = condition.Values.Count == 0 ? null : condition.Values;
        return put;
    }

    public static Delete WithCondition(this Delete delete, (string Expression, Dictionary<string, string> Names, Dictionary<string, AttributeValue> Values) condition)
    {
        delete.ConditionExpression = condition.Expression;
        delete.ExpressionAttributeNames = condition.Names;
        delete.ExpressionAttributeValues = condition.Values.Count == 0 ? null : condition.Values;
        return delete;
    }
}
