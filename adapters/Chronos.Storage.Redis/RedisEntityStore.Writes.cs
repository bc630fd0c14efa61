using Chronos.Storage.Schema;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

internal sealed partial class RedisEntityStore<TEntity>
{
    internal enum WriteMode { Insert, Upsert, Update }

    /// <summary>A record visited once: hash values, typed values, and where it and its index entries go.</summary>
    internal sealed class PreparedRecord
    {
        public required string Id { get; init; }
        public required string Partition { get; init; }
        public required string RecordKey { get; init; }
        public required RedisValue[] Values { get; init; }
        public required IndexValue[] Typed { get; init; }
        public required IndexEntry[] Entries { get; init; }
        /// <summary>The record's expiry as Unix milliseconds (the server's PEXPIREAT), or 0 when it is kept until deleted.</summary>
        public required long ExpireAtMilliseconds { get; init; }
    }

    /// <summary>
    /// Where a record is listed in one index. <paramref name="IsLocal"/>: the set is in the record's slot, so the record's
    /// script writes it (the index is partition-local and, on a cluster, the partition value is not empty: an empty
    /// <c>{}</c> is no hash tag, so such a record and its set hash as whole keys, to different slots).
    /// </summary>
    internal readonly record struct IndexEntry(RedisIndexLayout Index, string SetKey, string Member, string Text, string UniquePrefix, bool IsLocal);

    /// <summary>
    /// A script's ARGV: <paramref name="leading"/> slots for the caller, then a <c>field, value</c> pair per non-null field
    /// except <paramref name="skippedOrdinal"/>, sized to fit exactly.
    /// </summary>
    /// <returns>The arguments and how many pairs they hold.</returns>
    internal static (RedisValue[] Arguments, int Pairs) ScriptArguments(TEntity entity, int leading, int skippedOrdinal)
    {
        // Sized for every field set (the common case); trimmed once when some are null.
        var arguments = new RedisValue[leading + 2 * (Schema.Fields.Length - 1)];
        var writer = RedisRecordWriter.IntoScriptArguments(arguments, leading, Shape.HashFields, skippedOrdinal);
        TEntity.Write(entity, ref writer);
        if (writer.End < arguments.Length) Array.Resize(ref arguments, writer.End);
        return (arguments, (writer.End - leading) / 2);
    }

    internal PreparedRecord Prepare(TEntity entity)
    {
        var writer = RedisRecordWriter.ByOrdinal(Schema.Fields.Length);
        TEntity.Write(entity, ref writer);
        var typed = writer.Typed!;
        for (var i = 0; i < typed.Length; i++)
        {
            // A null indexed value is keyed and ordered as the empty string.
            if (writer.Values[i].IsNull && Schema.Fields[i].Kind != FieldKind.Json) typed[i] = IndexValue.Of("");
        }
        var id = TEntity.GetKey(entity);
        var partition = RedisKeys.Text(typed[Layout.PartitionOrdinal]);
        var entries = new IndexEntry[Layout.Indexes.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var index = Layout.Indexes[i];
            var setKey = Keys.Index(index, MatchOf(index, typed).AsSpan());
            var member = Member(index, typed, id);
            entries[i] = new IndexEntry(index, setKey, member, EntryText(setKey, member), index.IsUnique ? UniquePrefix(index, typed) : "",
                IsLocal(index, partition));
        }
        return new PreparedRecord
        {
            Id = id,
            Partition = partition,
            RecordKey = Keys.Record(Layout, partition, id),
            Values = writer.Values,
            Typed = typed,
            Entries = entries,
            ExpireAtMilliseconds = _context.Expiry.Of(entity) is { } expireAt ? UnixMilliseconds(expireAt) : 0,
        };
    }

    // At least 1: PEXPIREAT with an instant already past deletes the key at once, which is what an expired record is.
    private static long UnixMilliseconds(DateTime instant) => Math.Max(1, new DateTimeOffset(instant, TimeSpan.Zero).ToUnixTimeMilliseconds());

    /// <summary>
    /// Writes one record: locator (when the layout has one) and non-local index entries first, then the single-slot
    /// script that checks, writes the hash and re-indexes the local sets; finally the non-local entries it replaced go.
    /// </summary>
    /// <returns>False when an update found the record missing or stale.</returns>
    private async Task<bool> WriteAsync(PreparedRecord record, WriteMode mode, CancellationToken cancellationToken, long expectedVersion = 0)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var operation = $"{mode.ToString().ToLowerInvariant()} {Schema.EntityName}";
            var (keys, args) = WriteScript(record, mode, expectedVersion);

            var batch = Db.CreateBatch();
            Task<RedisValue>? locator = null;
            if (Layout.UsesLocator && mode != WriteMode.Update)
            {
                locator = batch.StringSetAndGetAsync(Keys.Locator(Layout, record.Id), record.Partition, null, false,
                    mode == WriteMode.Insert ? When.NotExists : When.Always);
            }
            foreach (var entry in record.Entries)
            {
                // Added before the record is written: a crash in between leaves an entry that readers see is stale.
                if (!entry.IsLocal) _ = batch.SortedSetAddAsync(entry.SetKey, entry.Member, 0);
            }
            var script = batch.ScriptEvaluateAsync(RedisScripts.Write, [.. keys], [.. args]);
            batch.Execute();
            var result = (RedisResult[])(await RedisContext.Run(script, operation, cancellationToken).ConfigureAwait(false))!;
            var previousPartition = locator is null ? RedisValue.Null : await RedisContext.Run(locator, operation, cancellationToken).ConfigureAwait(false);

            var status = (string)result[0]!;
            if (status != "ok")
            {
                await RemoveUnstoredEntriesAsync(record, result, cancellationToken).ConfigureAwait(false);
                return status switch
                {
                    "dup" => throw new DuplicateKeyException(Schema.EntityName, record.Id, DuplicateField((string)result[1]!)),
                    "noperm" => throw await RefusedByAclAsync(record, locator is not null && previousPartition.IsNull, operation, (string)result[1]!, cancellationToken).ConfigureAwait(false),
                    _ => false,
                };
            }
            var cleanup = new List<Task>();
            for (var i = 1; i < result.Length; i++)
            {
                var (setKey, member) = ParseEntry((string)result[i]!);
                cleanup.Add(Db.SortedSetRemoveAsync(setKey, member));
            }
            if (_context.IsCluster)
            {
                // On a cluster the entries added above and the script went to different nodes, so a reader may have
                // found an entry before its record and removed it as stale: add them again now that the record names them.
                foreach (var entry in record.Entries)
                {
                    if (!entry.IsLocal) cleanup.Add(Db.SortedSetAddAsync(entry.SetKey, entry.Member, 0));
                }
            }
            await RedisContext.Run(Task.WhenAll(cleanup), operation, cancellationToken).ConfigureAwait(false);

            if (!previousPartition.IsNull && (string)previousPartition! != record.Partition)
            {
                await ResolveOtherPartitionAsync(record, (string)previousPartition!, mode, cancellationToken).ConfigureAwait(false);
            }
            // After the move above, whose SET would clear it.
            if (locator is not null)
            {
                await RedisContext.Run(ExpireLocatorWithRecordAsync(record, mode, previousPartition), operation, cancellationToken).ConfigureAwait(false);
            }
            return true;
        }
        catch (Exception e) when (RedisContext.Map(e, "write " + Schema.EntityName) is { } mapped)
        {
            // Also what the driver throws synchronously while sending (no connection): one mapping scope per call.
            throw mapped;
        }
    }

    /// <summary>
    /// Gives the locator its record's expiry once the record is written (not before: an insert refused as a duplicate
    /// must not shorten the stored record's locator), so no key of an expired record is left behind. A SET without
    /// expiry already cleared any earlier one; only an insert that found a leftover locator (NX kept it) clears it here.
    /// </summary>
    private Task ExpireLocatorWithRecordAsync(PreparedRecord record, WriteMode mode, RedisValue previousPartition)
    {
        var locatorKey = Keys.Locator(Layout, record.Id);
        if (record.ExpireAtMilliseconds > 0)
        {
            return Db.KeyExpireAsync(locatorKey, DateTimeOffset.FromUnixTimeMilliseconds(record.ExpireAtMilliseconds).UtcDateTime);
        }
        return mode == WriteMode.Insert && !previousPartition.IsNull ? Db.KeyPersistAsync(locatorKey) : Task.CompletedTask;
    }

    /// <summary>Whether a record in <paramref name="partition"/> has <paramref name="index"/>'s set in its own slot.</summary>
    private bool IsLocal(RedisIndexLayout index, string partition) =>
        index.IsPartitionLocal && (partition.Length > 0 || !_context.IsCluster);

    /// <summary>The KEYS and ARGV of <see cref="RedisScripts.Write"/> for <paramref name="record"/> (also a part of a turn's script).</summary>
    internal static (List<RedisKey> Keys, List<RedisValue> Arguments) WriteScript(PreparedRecord record, WriteMode mode, long expectedVersion)
    {
        var keys = new List<RedisKey> { record.RecordKey };
        var args = new List<RedisValue>
        {
            mode.ToString().ToLowerInvariant(),
            Schema.ConcurrencyOrdinal is { } v ? Shape.HashFields[v] : "",
            expectedVersion,
            0,
        };
        var pairs = 0;
        for (var i = 0; i < record.Values.Length; i++)
        {
            if (record.Values[i].IsNull) continue;
            args.Add(Shape.HashFields[i]);
            args.Add(record.Values[i]);
            pairs++;
        }
        foreach (var entry in record.Entries)
        {
            args.Add(entry.Index.EntryField);
            args.Add(entry.Text);
            pairs++;
        }
        args[3] = pairs;
        args.Add(record.Entries.Length);
        foreach (var entry in record.Entries)
        {
            if (entry.IsLocal) keys.Add(entry.SetKey);
            args.Add(entry.Index.EntryField);
            args.Add(entry.Text);
            args.Add(entry.IsLocal ? "1" : "0");
            args.Add(entry.UniquePrefix);
            args.Add(entry.Member);
        }
        args.Add(record.ExpireAtMilliseconds);
        return (keys, args);
    }

    /// <summary>
    /// The id's locator pointed at another partition. An insert of an id that exists there is a duplicate (our copy
    /// is removed); an upsert moves the record (the other copy is removed); a leftover locator is taken over.
    /// </summary>
    private async Task ResolveOtherPartitionAsync(PreparedRecord record, string otherPartition, WriteMode mode, CancellationToken cancellationToken)
    {
        var otherExists = await RedisContext.Run(Db.KeyExistsAsync(Keys.Record(Layout, otherPartition, record.Id)), "locate " + Schema.EntityName, cancellationToken)
            .ConfigureAwait(false);
        if (mode == WriteMode.Insert && otherExists)
        {
            await DeleteManyAsync([(record.Partition, record.Id)], cancellationToken, keepLocator: true).ConfigureAwait(false);
            throw new DuplicateKeyException(Schema.EntityName, record.Id, Schema.Key.StorageName);
        }
        await RedisContext.Run(Db.StringSetAsync(Keys.Locator(Layout, record.Id), record.Partition), "locate " + Schema.EntityName, cancellationToken)
            .ConfigureAwait(false);
        if (otherExists)
        {
            await DeleteManyAsync([(otherPartition, record.Id)], cancellationToken, keepLocator: true).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The script found a write the user's ACL refuses and wrote nothing: the locator set in the same batch goes too
    /// (unless it was there before), so nothing of the record is left.
    /// </summary>
    private async Task<Exception> RefusedByAclAsync(PreparedRecord record, bool locatorSetHere, string operation, string command, CancellationToken cancellationToken)
    {
        if (locatorSetHere)
        {
            await RedisContext.Run(Db.ScriptEvaluateAsync(RedisScripts.DeleteLocator, [Keys.Locator(Layout, record.Id)], [record.Partition]),
                operation, cancellationToken).ConfigureAwait(false);
        }
        return RedisContext.AclRefused($"{operation} '{record.Id}'", command + " on its keys");
    }

    /// <summary>After a refused write, removes the non-local entries added for it unless the stored record has them too.</summary>
    private async Task RemoveUnstoredEntriesAsync(PreparedRecord record, RedisResult[] result, CancellationToken cancellationToken)
    {
        var stored = 2;
        var removals = new List<Task>();
        foreach (var entry in record.Entries)
        {
            if (entry.IsLocal) continue;
            var storedEntry = (string?)result[stored++];
            if (storedEntry != entry.Text) removals.Add(Db.SortedSetRemoveAsync(entry.SetKey, entry.Member));
        }
        if (removals.Count > 0)
        {
            await RedisContext.Run(Task.WhenAll(removals), "clean up " + Schema.EntityName, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private static string DuplicateField(string entryField)
    {
        foreach (var index in Shape.Indexes)
        {
            if (index.EntryField == entryField)
            {
                return string.Join(",", index.MemberOrdinals.Take(index.SortKeyCount).Select(o => Schema.Fields[o].StorageName));
            }
        }
        return Schema.Key.StorageName;
    }

    /// <summary>
    /// Deletes records by (partition, id) in one pipelined round trip of single-slot scripts, then removes their
    /// non-local index entries and their locators.
    /// </summary>
    /// <returns>How many records existed.</returns>
    internal async Task<long> DeleteManyAsync(IReadOnlyList<(string Partition, string Id)> records, CancellationToken cancellationToken, bool keepLocator = false)
    {
        var operation = "delete " + Schema.EntityName;
        RedisValue[] DeleteArguments(string partition)
        {
            var args = new RedisValue[Layout.Indexes.Length * 2];
            for (var i = 0; i < Layout.Indexes.Length; i++)
            {
                args[2 * i] = Layout.Indexes[i].EntryField;
                args[2 * i + 1] = IsLocal(Layout.Indexes[i], partition) ? "1" : "0";
            }
            return args;
        }
        var nonEmpty = DeleteArguments("-");
        var batch = Db.CreateBatch();
        var scripts = new Task<RedisResult>[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var partition = records[i].Partition;
            scripts[i] = batch.ScriptEvaluateAsync(RedisScripts.Delete, [Keys.Record(Layout, partition, records[i].Id)],
                partition.Length > 0 ? nonEmpty : DeleteArguments(partition));
        }
        batch.Execute();
        var results = await RedisContext.Run(Task.WhenAll(scripts), operation, cancellationToken).ConfigureAwait(false);

        long deleted = 0;
        var followUp = Db.CreateBatch();
        var tasks = new List<Task>();
        for (var i = 0; i < results.Length; i++)
        {
            var result = (RedisResult[])results[i]!;
            if ((long)result[0] == 1) deleted++;
            for (var j = 1; j < result.Length; j++)
            {
                var (setKey, member) = ParseEntry((string)result[j]!);
                tasks.Add(followUp.SortedSetRemoveAsync(setKey, member));
            }
            if (Layout.UsesLocator && !keepLocator)
            {
                tasks.Add(followUp.ScriptEvaluateAsync(RedisScripts.DeleteLocator, [Keys.Locator(Layout, records[i].Id)], [records[i].Partition]));
            }
        }
        if (tasks.Count > 0)
        {
            followUp.Execute();
            await RedisContext.Run(Task.WhenAll(tasks), operation, cancellationToken).ConfigureAwait(false);
        }
        return deleted;
    }
}
