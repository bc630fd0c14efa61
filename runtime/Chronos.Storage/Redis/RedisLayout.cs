using System.Collections.Immutable;

namespace Chronos.Storage.Redis;

/// <summary>
/// The generated Redis key design of one entity (plain data; the runtime references no Redis driver).
/// </summary>
/// <remarks>
/// Every key of a record and of its partition-local indexes carries the same Redis Cluster hash tag: the value of
/// <see cref="PartitionOrdinal"/>, the first match field of the entity's first declared index (the key when it has
/// none). So a record and its local index entries change in one single-slot script.
/// <list type="bullet">
/// <item>record hash: <c>{prefix}{RecordKeyPrefix}{{partition}}:{id}</c> (or <c>{prefix}{RecordKeyPrefix}{{id}}</c> when the
/// partition is the key); hash fields are the storage names.</item>
/// <item>locator (only when <see cref="UsesLocator"/>): <c>{prefix}{LocatorKeyPrefix}{{id}}</c> holding the partition value,
/// so that a record can be found by id alone.</item>
/// <item>index: a sorted set <c>{prefix}{KeyPrefix}{{match 1}}:{match 2}...</c>, all scores 0, members the
/// <see cref="Chronos.Storage.Schema.SortKeyEncoding"/> of the sort keys then the raw id, read with <c>ZRANGE BYLEX</c>.</item>
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
