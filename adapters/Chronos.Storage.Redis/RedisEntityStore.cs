using System.Collections.Immutable;
using System.Text;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;
using StackExchange.Redis;

namespace Chronos.Storage.Redis;

/// <summary>
/// <see cref="IEntityStore{TEntity}"/> on Redis for any generated entity: a hash per record (fields = storage names),
/// a lexicographic sorted set per declared index, single-slot Lua scripts for every write. See README.md for the
/// key design and which operations span slots.
/// </summary>
internal sealed partial class RedisEntityStore<TEntity> : IEntityStore<TEntity> where TEntity : class, IStorageEntity<TEntity>
{
    internal static readonly EntitySchema Schema = TEntity.Schema;
    /// <summary>
    /// The single-node layout: its hash fields and index names and members hold on a cluster too; only the partition,
    /// the locator and which indexes are local differ there (<see cref="Layout"/>).
    /// </summary>
    internal static readonly RedisLayout Shape = RedisLayout.Of<TEntity>();
    private static readonly RedisHashFieldNames FieldNames = new(Shape.HashFields);
    // Per index, in layout order: the name of the hash field that records where the record is listed, as UTF-8.
    private static readonly byte[][] EntryFieldBytes = [.. Shape.Indexes.Select(index => Encoding.UTF8.GetBytes(index.EntryField))];

    private readonly RedisContext _context;

    public RedisEntityStore(RedisContext context)
    {
        _context = context;
        Layout = context.IsCluster ? RedisLayout.ClusterOf<TEntity>() : Shape;
    }

    /// <summary>Where this store's records and index sets live: <see cref="Shape"/>, or the cluster layout on a cluster.</summary>
    internal RedisLayout Layout { get; }

    private IDatabase Db => _context.Database;
    private RedisKeys Keys => _context.Keys;

    /// <inheritdoc />
    public Task InsertAsync(TEntity entity, CancellationToken cancellationToken = default) =>
        WriteAsync(Prepare(entity), WriteMode.Insert, cancellationToken);

    /// <inheritdoc />
    public Task UpsertAsync(TEntity entity, CancellationToken cancellationToken = default) =>
        WriteAsync(Prepare(entity), WriteMode.Upsert, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> TryUpdateAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        if (Schema.ConcurrencyOrdinal is not { } versionOrdinal)
        {
            throw new NotSupportedException($"{Schema.EntityName} declares no concurrency field; use UpsertAsync.");
        }
        var record = Prepare(entity);
        var expected = record.Typed[versionOrdinal].AsInt64;
        record.Values[versionOrdinal] = expected + 1;
        if (await WriteAsync(record, WriteMode.Update, cancellationToken, expected).ConfigureAwait(false))
        {
            return true;
        }
        if (!Layout.UsesLocator) return false;
        // The partition field changed: the record lives in another partition. Check its version there, then move it.
        var stored = await GetAsync(record.Id, cancellationToken).ConfigureAwait(false);
        if (stored is null) return false;
        var current = Prepare(stored);
        if (current.Partition == record.Partition || current.Typed[versionOrdinal].AsInt64 != expected) return false;
        await WriteAsync(record, WriteMode.Upsert, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<TEntity?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var recordKey = await RecordKeyOfAsync(key, cancellationToken).ConfigureAwait(false);
            if (recordKey is null) return null;
            var entries = await RedisContext.Run(Db.HashGetAllAsync(recordKey), "get " + Schema.EntityName, cancellationToken).ConfigureAwait(false);
            return entries.Length == 0 ? null : Read(entries, key);
        }
        catch (Exception e) when (RedisContext.Map(e, "get " + Schema.EntityName) is { } mapped)
        {
            // Also what the driver throws synchronously while sending (no connection): one mapping scope per call.
            throw mapped;
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var partition = await PartitionOfAsync(key, cancellationToken).ConfigureAwait(false);
            if (partition is null) return false;
            var deleted = await DeleteManyAsync([(partition, key)], cancellationToken).ConfigureAwait(false);
            return deleted == 1;
        }
        catch (Exception e) when (RedisContext.Map(e, "delete " + Schema.EntityName) is { } mapped)
        {
            // Also what the driver throws synchronously while sending (no connection): one mapping scope per call.
            throw mapped;
        }
    }

    /// <summary>The record hash of <paramref name="id"/>, or null when its locator is missing.</summary>
    private async Task<string?> RecordKeyOfAsync(string id, CancellationToken cancellationToken)
    {
        var partition = await PartitionOfAsync(id, cancellationToken).ConfigureAwait(false);
        return partition is null ? null : Keys.Record(Layout, partition, id);
    }

    private async Task<string?> PartitionOfAsync(string id, CancellationToken cancellationToken)
    {
        if (!Layout.UsesLocator) return id;
        var partition = await RedisContext.Run(Db.StringGetAsync(Keys.Locator(Layout, id)), "locate " + Schema.EntityName, cancellationToken)
            .ConfigureAwait(false);
        return partition.IsNull ? null : (string)partition!;
    }

    /// <summary>Builds a record from its hash entries.</summary>
    internal static TEntity Read(HashEntry[] entries, string key) =>
        Read(RedisRecordReader.ByOrdinal(entries, FieldNames, Schema.Fields.Length), key);

    /// <summary>Builds a record from its hash values placed by ordinal.</summary>
    private static TEntity Read(RedisValue[] values, string key)
    {
        return StoredRecord.Read<TEntity, RedisRecordReader>(new RedisRecordReader(values, Schema, key), RedisContext.Backend);
    }

    /// <summary>
    /// Whether <paramref name="entry"/> is <see cref="EntryText"/> of <paramref name="indexKey"/> and
    /// <paramref name="member"/>, compared as UTF-8 bytes without building the text (lists check every row).
    /// </summary>
    internal static bool IsEntry(RedisValue entry, ReadOnlySpan<byte> indexKey, RedisValue member)
    {
        if (entry.IsNull) return false;
        var text = ((ReadOnlyMemory<byte>)entry).Span;
        var memberBytes = ((ReadOnlyMemory<byte>)member).Span;
        Span<byte> length = stackalloc byte[11];
        indexKey.Length.TryFormat(length, out var digits, default, System.Globalization.CultureInfo.InvariantCulture);
        return text.Length == digits + 1 + indexKey.Length + memberBytes.Length
            && text.StartsWith(length[..digits])
            && text[digits] == (byte)':'
            && text.Slice(digits + 1, indexKey.Length).SequenceEqual(indexKey)
            && text[(digits + 1 + indexKey.Length)..].SequenceEqual(memberBytes);
    }

    /// <summary>The text of an index entry field: where the record is indexed, parsed by the Lua scripts.</summary>
    internal static string EntryText(string indexKey, string member) =>
        $"{Encoding.UTF8.GetByteCount(indexKey)}:{indexKey}{member}";

    /// <summary>Splits an entry text back into set key and member.</summary>
    internal static (string Key, string Member) ParseEntry(string entry)
    {
        var bytes = Encoding.UTF8.GetBytes(entry);
        var colon = Array.IndexOf(bytes, (byte)':');
        var length = int.Parse(entry.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture);
        return (Encoding.UTF8.GetString(bytes, colon + 1, length), Encoding.UTF8.GetString(bytes, colon + 1 + length, bytes.Length - colon - 1 - length));
    }

    /// <summary>The index member of a record: the sort keys' encoding, then the raw id (unless the id is a sort key before the end).</summary>
    internal static string Member(RedisIndexLayout index, IndexValue[] typed, string id)
    {
        var member = new StringBuilder();
        var last = index.MemberOrdinals.Length - 1;
        for (var i = 0; i <= last; i++)
        {
            var ordinal = index.MemberOrdinals[i];
            if (i == last && ordinal == Schema.KeyOrdinal) member.Append(id);
            else SortKeyEncoding.Append(member, typed[ordinal]);
        }
        return member.ToString();
    }

    /// <summary>The encoded sort keys alone: equal for two records that collide on a unique index.</summary>
    private static string UniquePrefix(RedisIndexLayout index, IndexValue[] typed)
    {
        var prefix = new StringBuilder();
        for (var i = 0; i < index.SortKeyCount; i++) SortKeyEncoding.Append(prefix, typed[index.MemberOrdinals[i]]);
        return prefix.ToString();
    }

    /// <summary>The id inside a member.</summary>
    internal static string IdOf(RedisIndexLayout index, string member)
    {
        var position = 0;
        var last = index.MemberOrdinals.Length - 1;
        for (var i = 0; i <= last; i++)
        {
            var ordinal = index.MemberOrdinals[i];
            if (ordinal == Schema.KeyOrdinal)
            {
                return i == last ? member[position..] : SortKeyEncoding.ReadString(member, position, out _);
            }
            position = SortKeyEncoding.Skip(member, position);
        }
        throw new FormatException($"{Schema.EntityName} index '{index.Name}' member has no id.");
    }

    private static ImmutableArray<IndexValue> MatchOf(RedisIndexLayout index, IndexValue[] typed)
    {
        var match = ImmutableArray.CreateBuilder<IndexValue>(index.MatchOrdinals.Length);
        foreach (var ordinal in index.MatchOrdinals) match.Add(typed[ordinal]);
        return match.MoveToImmutable();
    }
}
