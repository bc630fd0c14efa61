using System.Collections.Immutable;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Redis;

/// <summary>
/// The Redis key design of one entity, derived once per entity type from its generated <see cref="EntitySchema"/>
/// (<see cref="Of{TEntity}"/>): the core and the generator know nothing of Redis. Changing a rule here changes where
/// records are stored, so the compatibility fixtures (tests/Chronos.Storage.Compatibility) hold it to the stored layout.
/// </summary>
/// <remarks>
/// Every key of a record and of its partition-local indexes carries the same Redis Cluster hash tag: the value of
/// <see cref="PartitionOrdinal"/>, the first match field of the entity's first declared index (the key when it has
/// none). So a record and its local index entries change in one single-slot script. (On a Redis Cluster the records
/// an atomic turn writes are partitioned by their session instead: <see cref="ClusterOf{TEntity}"/>.)
/// <list type="bullet">
/// <item>record hash: <c>{prefix}{RecordKeyPrefix}{{partition}}:{id}</c> (or <c>{prefix}{RecordKeyPrefix}{{id}}</c> when the
/// partition is the key); hash fields are the storage names.</item>
/// <item>locator (only when <see cref="UsesLocator"/>): <c>{prefix}{LocatorKeyPrefix}{{id}}</c> holding the partition value,
/// so that a record can be found by id alone.</item>
/// <item>index: a sorted set <c>{prefix}{KeyPrefix}{{match 1}}:{match 2}...</c>, all scores 0, members the
/// <see cref="SortKeyEncoding"/> of the sort keys then the raw id, read with <c>ZRANGE BYLEX</c>.</item>
/// </list>
/// </remarks>
/// <param name="StorageName">The entity's storage name.</param>
/// <param name="PartitionOrdinal">The field whose value is every key's hash tag.</param>
/// <param name="RecordKeyPrefix">Record keys start with this (after the store's key prefix).</param>
/// <param name="LocatorKeyPrefix">Locator keys start with this.</param>
/// <param name="HashFields">Hash field name per field ordinal (the storage names).</param>
/// <param name="Indexes">One sorted-set design per declared index, in schema order.</param>
public sealed record RedisLayout(
    string StorageName,
    int PartitionOrdinal,
    string RecordKeyPrefix,
    string LocatorKeyPrefix,
    ImmutableArray<string> HashFields,
    ImmutableArray<RedisIndexLayout> Indexes)
{
    /// <summary>Prefix of the hash fields that remember a record's current index key and member.</summary>
    public const string IndexEntryFieldPrefix = "_ix:";

    /// <summary>True when records live in a partition other than their key, so that a locator key finds them by id.</summary>
    public bool UsesLocator => LocatorKeyPrefix.Length > 0;

    /// <summary>The layout of <typeparamref name="TEntity"/>, derived on first use and then shared (no reflection).</summary>
    public static RedisLayout Of<TEntity>() where TEntity : IStorageEntity<TEntity> => Cache<TEntity>.Layout;

    /// <summary>
    /// Derives the key design from a schema. The partition (hash tag) is the first match field of the first declared
    /// index, so that index and the records share a Redis Cluster slot; the spec author chooses it by index order.
    /// </summary>
    public static RedisLayout From(EntitySchema schema) =>
        From(schema, schema.Indexes.Length > 0 && schema.Indexes[0].MatchOrdinals.Length > 0
            ? schema.Indexes[0].MatchOrdinals[0]
            : schema.KeyOrdinal);

    /// <summary>
    /// The layout of <typeparamref name="TEntity"/> on a Redis Cluster: every record an atomic turn writes lives in
    /// its session's slot, so the turn is one single-slot script. A session is partitioned by its own id and an audit
    /// log by its <c>session_id</c> (their <c>by_agent</c> sets become non-local, verified on read); every other
    /// entity keeps <see cref="Of{TEntity}"/>. A store written with the single-node layout on a cluster is moved by
    /// <c>MigrateAsync</c> (README "cluster slots").
    /// </summary>
    internal static RedisLayout ClusterOf<TEntity>() where TEntity : IStorageEntity<TEntity> => Cache<TEntity>.ClusterLayout;

    /// <summary>True when the cluster layout of the entity differs from the single-node one (its records move at migration).</summary>
    internal static bool ClusterLayoutDiffers<TEntity>() where TEntity : IStorageEntity<TEntity> =>
        !ReferenceEquals(Cache<TEntity>.Layout, Cache<TEntity>.ClusterLayout);

    private static RedisLayout ClusterFrom<TEntity>(RedisLayout nodeLayout) where TEntity : IStorageEntity<TEntity>
    {
        // The turn's records (TurnWrite): the session, its events, its checkpoint, its audit entries. Events and
        // checkpoints are partitioned by session_id already. Only the built-in types: a user's entity keeps its layout.
        var schema = TEntity.Schema;
        if (typeof(TEntity) == typeof(Session)) return From(schema, schema.KeyOrdinal);
        if (typeof(TEntity) == typeof(AuditLog)) return From(schema, schema.Index(AuditLogIndexes.BySession).MatchOrdinals[0]);
        return nodeLayout;
    }

    private static RedisLayout From(EntitySchema schema, int partition)
    {
        var indexes = ImmutableArray.CreateBuilder<RedisIndexLayout>(schema.Indexes.Length);
        foreach (var index in schema.Indexes)
        {
            var members = ImmutableArray.CreateBuilder<int>(index.Order.Length + 1);
            foreach (var sort in index.Order) members.Add(sort.Ordinal);
            if (!members.Contains(schema.KeyOrdinal)) members.Add(schema.KeyOrdinal);
            indexes.Add(new RedisIndexLayout(
                index.Name,
                $"{schema.StorageName}:{index.Name}:",
                index.MatchOrdinals,
                members.ToImmutable(),
                index.Order.Length,
                index.IsDescending,
                index.IsUnique,
                index.MatchOrdinals.Length > 0 && index.MatchOrdinals[0] == partition,
                IndexEntryFieldPrefix + index.Name));
        }
        return new RedisLayout(
            schema.StorageName,
            partition,
            schema.StorageName + ":",
            partition == schema.KeyOrdinal ? "" : schema.StorageName + ":id:",
            [.. schema.Fields.Select(f => f.StorageName)],
            indexes.MoveToImmutable());
    }

    /// <summary>One layout per entity type: a static generic field, initialised once by the runtime (AOT-safe).</summary>
    private static class Cache<TEntity> where TEntity : IStorageEntity<TEntity>
    {
        public static readonly RedisLayout Layout = From(TEntity.Schema);
        public static readonly RedisLayout ClusterLayout = ClusterFrom<TEntity>(Layout);
    }
}

/// <summary>The sorted set of one declared index.</summary>
/// <param name="Name">The spec's index name.</param>
/// <param name="KeyPrefix">Index keys start with this (after the store's key prefix).</param>
/// <param name="MatchOrdinals">Fields whose values name the sorted set, in order.</param>
/// <param name="MemberOrdinals">Fields encoded into a member, in order: the sort keys, then the key if not among them.</param>
/// <param name="SortKeyCount">How many leading <paramref name="MemberOrdinals"/> are the index's declared sort keys.</param>
/// <param name="IsDescending">Read with <c>REV</c>.</param>
/// <param name="IsUnique">At most one record per match values + sort keys.</param>
/// <param name="IsPartitionLocal">The first match field is the partition field: the set lives in the record's slot.</param>
/// <param name="EntryField">The record hash field remembering this index's key and member (for re-indexing).</param>
public sealed record RedisIndexLayout(
    string Name,
    string KeyPrefix,
    ImmutableArray<int> MatchOrdinals,
    ImmutableArray<int> MemberOrdinals,
    int SortKeyCount,
    bool IsDescending,
    bool IsUnique,
    bool IsPartitionLocal,
    string EntryField);
