using StackExchange.Redis;

namespace Chronos.Storage.Redis;

internal sealed partial class RedisEntityStore<TEntity>
{
    /// <summary>The <c>_schema</c> field value that says the entity's records are in the cluster layout.</summary>
    internal const string ClusterLayoutMark = "cluster-session-slot";

    /// <summary>The <c>_schema</c> field that records which layout the entity's records are in (cluster only).</summary>
    internal static string LayoutField => Schema.StorageName + ":layout";

    /// <summary>
    /// On a cluster, moves the records an earlier version wrote in the single-node layout (a session in its agent's
    /// slot, an audit log in its agent's) to the cluster layout (both in their session's slot), then marks the entity
    /// as moved in <c>_schema</c> so later migrations skip the scan. Per record: the hash is copied to its new key
    /// (unless a copy is there already), the locator names the new partition, the old hash and an old locator the new
    /// layout no longer has are deleted. Index sets are keyed by their match values, not by the partition, so their
    /// members and the records' <c>_ix</c> fields stay valid as they are. Every step can be repeated, so a migration
    /// stopped part-way is finished by the next one.
    /// </summary>
    private async Task RelocateToClusterLayoutAsync(CancellationToken cancellationToken)
    {
        var operation = "migrate " + Schema.EntityName + " to the cluster layout";
        if (!await NeedsRelocationAsync(operation, cancellationToken).ConfigureAwait(false)) return;
        // Both layouts' record keys start with the same text: each key found is checked against where its record belongs.
        var pattern = GlobEscape(Keys.Prefix + Layout.RecordKeyPrefix) + "{*";
        foreach (var server in Db.Multiplexer.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(Db.Database, pattern, 256).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await RelocateAsync(key, operation, cancellationToken).ConfigureAwait(false);
            }
        }
        await RedisContext.Run(Db.HashSetAsync(Keys.SchemaKey, LayoutField, ClusterLayoutMark), operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The layout step as a pending migration step for health checks and tools (one HGET, no write): on a cluster, an
    /// entity whose records the cluster layout moves and whose <c>_schema</c> has no layout mark may hold records an
    /// earlier version wrote in the single-node layout, which reads do not find until the migration moves them. Null when
    /// nothing is pending.
    /// </summary>
    public async Task<string?> PendingLayoutStepAsync(CancellationToken cancellationToken)
    {
        var operation = "read layout of " + Schema.EntityName;
        try
        {
            return await NeedsRelocationAsync(operation, cancellationToken).ConfigureAwait(false)
                ? $"cluster key layout '{ClusterLayoutMark}' not applied ('{Keys.SchemaKey}' has no '{LayoutField}'): records written in the " +
                  "single-node layout are not found until MigrateAsync moves them"
                : null;
        }
        catch (Exception e) when (RedisContext.Map(e, operation) is { } mapped)
        {
            // Also what the driver throws synchronously while sending (no connection).
            throw mapped;
        }
    }

    private async Task<bool> NeedsRelocationAsync(string operation, CancellationToken cancellationToken) =>
        _context.IsCluster && !ReferenceEquals(Layout, Shape)
        && await RedisContext.Run(Db.HashGetAsync(Keys.SchemaKey, LayoutField), operation, cancellationToken).ConfigureAwait(false) != ClusterLayoutMark;

    private async Task RelocateAsync(RedisKey oldKey, string operation, CancellationToken cancellationToken)
    {
        // The expiry before the fields: a record that expires between the two reads is then found gone, never copied
        // without its expiry.
        var expiresAt = await RedisContext.Run(Db.KeyExpireTimeAsync(oldKey), operation, cancellationToken).ConfigureAwait(false);
        var expireAtMilliseconds = expiresAt is { } at ? Math.Max(1, new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeMilliseconds()) : 0;
        var entries = await RedisContext.Run(Db.HashGetAllAsync(oldKey), operation, cancellationToken).ConfigureAwait(false);
        if (entries.Length == 0) return;
        // Raw values, not a decoded record: a version step still pending (a renamed field) must not stop the move.
        var values = RedisRecordReader.ByOrdinal(entries, FieldNames, Schema.Fields.Length);
        if (values[Schema.KeyOrdinal].IsNull) return; // not a record of this entity (no key field)
        var id = (string)values[Schema.KeyOrdinal]!;
        var partitionValue = values[Layout.PartitionOrdinal];
        // A null indexed value is keyed as the empty string (Prepare).
        var partition = partitionValue.IsNull ? "" : (string)partitionValue!;
        var newKey = Keys.Record(Layout, partition, id);
        if (newKey == (string)oldKey!) return; // already where the cluster layout puts it

        await RedisContext.Run(Db.ScriptEvaluateAsync(RedisScripts.CopyHashIfAbsent, [newKey],
            [expireAtMilliseconds, .. entries.SelectMany(e => new[] { e.Name, e.Value })]), operation, cancellationToken).ConfigureAwait(false);
        if (Layout.UsesLocator)
        {
            // The locator lives as long as its record, as every write sets it (no stray key once the record expired).
            await RedisContext.Run(
                Db.StringSetAsync(Keys.Locator(Layout, id), partition, expiresAt is { } until ? new Expiration(until) : Expiration.Default),
                operation, cancellationToken).ConfigureAwait(false);
        }
        // A list read before this migration found the record missing at its new key and removed its entries as
        // stale: the record's _ix fields say where it is listed, so its entries are added back.
        foreach (var entry in entries)
        {
            if (!((string)entry.Name!).StartsWith(RedisLayout.IndexEntryFieldPrefix, StringComparison.Ordinal)) continue;
            var (setKey, member) = ParseEntry((string)entry.Value!);
            await RedisContext.Run(Db.SortedSetAddAsync(setKey, member, 0), operation, cancellationToken).ConfigureAwait(false);
        }
        await RedisContext.Run(Db.KeyDeleteAsync(oldKey), operation, cancellationToken).ConfigureAwait(false);
        if (Shape.UsesLocator && !Layout.UsesLocator)
        {
            await RedisContext.Run(Db.KeyDeleteAsync(Keys.Locator(Shape, id)), operation, cancellationToken).ConfigureAwait(false);
        }
    }
}
