using System.Collections.Immutable;
using System.Text;
using Chronos.Storage.Providers;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

internal sealed partial class RedisEntityStore<TEntity>
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<TEntity>> ListAsync(IndexQuery query, CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var index = IndexNamed(query.Index, query.Match.Length);
            var setKey = Keys.Index(index, query.Match.AsSpan());
            var operation = $"list {Schema.EntityName} by {index.Name}";
            var (min, max, exclude) = Range(index, query.After);
            // The entries before the offset must be live too, or a page at offset K skips as many live records as there
            // are expired entries among the first K. Where records can expire natively, those entries are read with the
            // page and checked by their record's entry field alone (one small HGET each, pipelined with the page).
            var prefix = query.Offset > 0 && RecordExpiry.CanExpire<TEntity>() ? query.Offset : 0;
            var entryFieldName = (RedisValue)index.EntryField;
            while (true)
            {
                var members = await RedisContext.Run(
                    Db.SortedSetRangeByValueAsync(setKey, min, max, exclude, index.IsDescending ? Order.Descending : Order.Ascending,
                        query.Offset - prefix, query.Limit is { } limit ? (long)limit + prefix : -1),
                    operation, cancellationToken).ConfigureAwait(false);
                // No more entries than the offset: no live record can be past it.
                if (members.Length <= prefix) return [];

                var ids = new string[members.Length];
                for (var i = 0; i < ids.Length; i++) ids[i] = IdOf(index, (string)members[i]!);
                var partitions = await PartitionsAsync(index, query.Match, ids, operation, cancellationToken).ConfigureAwait(false);

                // Every record in one pipelined round trip (before the offset, only each record's entry field).
                var batch = Db.CreateBatch();
                var entries = new Task<RedisValue>[prefix];
                var reads = new Task<HashEntry[]>[ids.Length - prefix];
                for (var i = 0; i < ids.Length; i++)
                {
                    var key = partitions[i] is { } partition ? Keys.Record(Layout, partition, ids[i]) : null;
                    if (i < prefix) entries[i] = key is null ? Task.FromResult(RedisValue.Null) : batch.HashGetAsync(key, entryFieldName);
                    else reads[i - prefix] = key is null ? Task.FromResult(Array.Empty<HashEntry>()) : batch.HashGetAllAsync(key);
                }
                batch.Execute();
                var entryValues = await RedisContext.Run(Task.WhenAll(entries), operation, cancellationToken).ConfigureAwait(false);
                var hashes = await RedisContext.Run(Task.WhenAll(reads), operation, cancellationToken).ConfigureAwait(false);

                var records = new List<TEntity>(hashes.Length);
                List<RedisValue>? stale = null;
                var setKeyBytes = Encoding.UTF8.GetBytes(setKey);
                for (var i = 0; i < prefix; i++)
                {
                    if (!IsEntry(entryValues[i], setKeyBytes, members[i])) (stale ??= []).Add(members[i]);
                }
                var staleBeforeOffset = stale is not null;
                var entryField = EntryFieldBytes[Schema.IndexPosition(index.Name)];
                var values = new RedisValue[Schema.Fields.Length];
                for (var i = 0; i < hashes.Length; i++)
                {
                    // Decoding thousands of records takes milliseconds of CPU after the last await: look at the token now and
                    // then (one bit test per record), so a cancelled long list stops here too.
                    if ((i & 255) == 255) cancellationToken.ThrowIfCancellationRequested();
                    // An entry is current only if the record still says it is indexed here under this member.
                    if (hashes[i].Length > 0 && IsEntry(RedisRecordReader.ByOrdinal(hashes[i], FieldNames, values, entryField), setKeyBytes, members[prefix + i]))
                    {
                        records.Add(Read(values, ids[prefix + i]));
                    }
                    else
                    {
                        (stale ??= []).Add(members[prefix + i]);
                    }
                }
                if (stale is null) return records;
                // Left by a writer that stopped between its steps, or by a record that expired (its hash and locator went,
                // its entries stay): repair the index so the next read is exact.
                await RedisContext.Run(Db.SortedSetRemoveAsync(setKey, [.. stale]), operation, cancellationToken).ConfigureAwait(false);
                // A page with a limit came back short by the stale entries, and one after stale entries before its offset
                // started too late: read it again, now that they are gone, so a list (and a get-latest) never returns
                // fewer live records than there are nor skips one. Each round removes at least one entry, so this ends.
                if (query.Limit is null && !staleBeforeOffset) return records;
            }
        }
        catch (Exception e) when (RedisContext.Map(e, "list " + Schema.EntityName) is { } mapped)
        {
            // Also what the driver throws synchronously while sending (no connection): one mapping scope per call.
            throw mapped;
        }
    }

    /// <inheritdoc />
    public async Task<long> DeleteMatchingAsync(string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var layout = IndexNamed(index, match.Length);
            var setKey = Keys.Index(layout, match.AsSpan());
            var operation = $"delete {Schema.EntityName} by {layout.Name}";
            var members = await RedisContext.Run(Db.SortedSetRangeByValueAsync(setKey), operation, cancellationToken).ConfigureAwait(false);
            if (members.Length == 0) return 0;
            var ids = new string[members.Length];
            for (var i = 0; i < ids.Length; i++) ids[i] = IdOf(layout, (string)members[i]!);
            var partitions = await PartitionsAsync(layout, match, ids, operation, cancellationToken).ConfigureAwait(false);
            var targets = new List<(string, string)>(ids.Length);
            for (var i = 0; i < ids.Length; i++)
            {
                if (partitions[i] is { } partition) targets.Add((partition, ids[i]));
            }
            var deleted = await DeleteManyAsync(targets, cancellationToken).ConfigureAwait(false);
            // Entries whose record was already gone are removed with the rest.
            await RedisContext.Run(Db.SortedSetRemoveAsync(setKey, members), operation, cancellationToken).ConfigureAwait(false);
            return deleted;
        }
        catch (Exception e) when (RedisContext.Map(e, "delete " + Schema.EntityName) is { } mapped)
        {
            // Also what the driver throws synchronously while sending (no connection): one mapping scope per call.
            throw mapped;
        }
    }

    /// <summary>The partition of each listed id: the first match value for a local index, else from the locators.</summary>
    private async Task<string?[]> PartitionsAsync(RedisIndexLayout index, ImmutableArray<IndexValue> match, string[] ids, string operation, CancellationToken cancellationToken)
    {
        var partitions = new string?[ids.Length];
        if (!Layout.UsesLocator)
        {
            ids.CopyTo(partitions, 0);
        }
        else if (index.IsPartitionLocal)
        {
            Array.Fill(partitions, RedisKeys.Text(match[0]));
        }
        else
        {
            var locators = new RedisKey[ids.Length];
            for (var i = 0; i < ids.Length; i++) locators[i] = Keys.Locator(Layout, ids[i]);
            // One round trip; MGET would need every locator in one slot, which ids cannot promise.
            var batch = Db.CreateBatch();
            var reads = new Task<RedisValue>[ids.Length];
            for (var i = 0; i < ids.Length; i++) reads[i] = batch.StringGetAsync(locators[i]);
            batch.Execute();
            var values = await RedisContext.Run(Task.WhenAll(reads), operation, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < ids.Length; i++) partitions[i] = values[i].IsNull ? null : (string)values[i]!;
        }
        return partitions;
    }

    private RedisIndexLayout IndexNamed(string name, int matchCount)
    {
        RedisIndexLayout index;
        try
        {
            index = Layout.Indexes[Schema.IndexPosition(name)];
        }
        catch (KeyNotFoundException e)
        {
            throw new StorageArgumentException("query.Index", Schema.EntityName, null, e.Message);
        }
        if (matchCount != index.MatchOrdinals.Length)
        {
            throw new StorageArgumentException("query.Match", Schema.EntityName, null,
                $"index '{name}' matches {index.MatchOrdinals.Length} field(s); got {matchCount} value(s).");
        }
        return index;
    }

    /// <summary>
    /// The lexicographic range of a read: everything, or strictly after <paramref name="after"/> on the first sort key
    /// in the index's direction (the bounds come from <see cref="SortKeyEncoding"/>, shared with DynamoDB sort keys).
    /// </summary>
    private static (RedisValue Min, RedisValue Max, Exclude Exclude) Range(RedisIndexLayout index, IndexValue? after)
    {
        if (after is not { } value) return (default, default, Exclude.None);
        return index.IsDescending
            ? (default, Encoding.UTF8.GetBytes(SortKeyEncoding.BeforeAll(value)), Exclude.Stop)
            : (Encoding.UTF8.GetBytes(SortKeyEncoding.AfterAll(value)), default, Exclude.None);
    }
}
