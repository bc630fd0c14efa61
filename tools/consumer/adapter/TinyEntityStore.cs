using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Chronos.Storage;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace TinyMemory;

/// <summary>
/// One entity's records in memory, each kept as the values its generated visitor writes (strings, longs, doubles,
/// Unix microseconds, JSON text) and read back through its generated reader, so nothing aliases the caller's objects.
/// Lists follow the schema's declared indexes; everything the adapter knows about an entity comes from
/// <c>TEntity.Schema</c>.
/// </summary>
internal sealed class TinyEntityStore<TEntity>(TinyMemoryStorage owner) : IEntityStore<TEntity>
    where TEntity : class, IStorageEntity<TEntity>
{
    private static readonly EntitySchema Schema = TEntity.Schema;
    private readonly Dictionary<string, object?[]> _rows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => Run(cancellationToken, () => 0);

    public Task InsertAsync(TEntity entity, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
    {
        var (key, row) = (TEntity.GetKey(entity), Capture(entity));
        if (_rows.ContainsKey(key)) throw new DuplicateKeyException(Schema.EntityName, key, Schema.Key.StorageName);
        CheckUniqueIndexes(key, row);
        return _rows[key] = row;
    });

    public Task UpsertAsync(TEntity entity, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
    {
        var (key, row) = (TEntity.GetKey(entity), Capture(entity));
        CheckUniqueIndexes(key, row);
        return _rows[key] = row;
    });

    public Task<bool> TryUpdateAsync(TEntity entity, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
    {
        var version = Schema.ConcurrencyOrdinal ?? throw new InvalidOperationException($"{Schema.EntityName} has no concurrency field.");
        var (key, row) = (TEntity.GetKey(entity), Capture(entity));
        if (!_rows.TryGetValue(key, out var stored) || (long)stored[version]! != (long)row[version]!) return false;
        row[version] = (long)row[version]! + 1;
        _rows[key] = row;
        return true;
    });

    public Task<TEntity?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Run(cancellationToken, () => _rows.TryGetValue(key, out var row) ? Materialize(row) : null);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => Run(cancellationToken, () => _rows.Remove(key));

    public Task<IReadOnlyList<TEntity>> ListAsync(IndexQuery query, CancellationToken cancellationToken = default) => Run(cancellationToken, () =>
    {
        var index = Schema.Index(query.Index);
        var rows = _rows.Values.Where(row => Matches(index, query.Match, row));
        if (query.After is { } after)
        {
            var first = index.Order[0];
            rows = rows.Where(row => Compare(row[first.Ordinal], Comparable(after)) * (first.Descending ? -1 : 1) > 0);
        }
        rows = rows.Order(Comparer<object?[]>.Create((a, b) => CompareInIndexOrder(index, a, b))).Skip(query.Offset);
        if (query.Limit is { } limit) rows = rows.Take(limit);
        var read = 0;
        return (IReadOnlyList<TEntity>)rows.Select(row =>
        {
            // A long list is the long part of a read: the token is honoured inside it, as on every backend.
            if ((++read & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            return Materialize(row);
        }).ToList();
    });

    public Task<long> DeleteMatchingAsync(string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken = default) =>
        Run(cancellationToken, () =>
        {
            var declared = Schema.Index(index);
            var doomed = _rows.Where(pair => Matches(declared, match, pair.Value)).Select(pair => pair.Key).ToList();
            doomed.ForEach(key => _rows.Remove(key));
            return (long)doomed.Count;
        });

    private Task<T> Run<T>(CancellationToken cancellationToken, Func<T> body)
    {
        ObjectDisposedException.ThrowIf(owner.IsDisposed, owner);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock) return Task.FromResult(body());
    }

    private void CheckUniqueIndexes(string key, object?[] row)
    {
        foreach (var index in Schema.Indexes.Where(i => i.IsUnique))
        {
            var ordinals = index.MatchOrdinals.Concat(index.Order.Select(o => o.Ordinal)).ToArray();
            if (_rows.Any(pair => pair.Key != key && ordinals.All(o => Compare(pair.Value[o], row[o]) == 0)))
            {
                throw new DuplicateKeyException(Schema.EntityName, key, Schema.Fields[index.Order[0].Ordinal].StorageName);
            }
        }
    }

    private static bool Matches(IndexSchema index, ImmutableArray<IndexValue> match, object?[] row)
    {
        for (var i = 0; i < index.MatchOrdinals.Length; i++)
        {
            if (Compare(row[index.MatchOrdinals[i]], Comparable(match[i])) != 0) return false;
        }
        return true;
    }

    private static int CompareInIndexOrder(IndexSchema index, object?[] a, object?[] b)
    {
        foreach (var key in index.Order)
        {
            var order = Compare(a[key.Ordinal], b[key.Ordinal]);
            if (order != 0) return key.Descending ? -order : order;
        }
        return 0;
    }

    private static object Comparable(IndexValue value) => value.Kind switch
    {
        FieldKind.String => value.AsString,
        FieldKind.Double => value.AsDouble,
        FieldKind.DateTime => value.AsUnixMicroseconds,
        _ => value.AsInt64,
    };

    private static int Compare(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (string x, string y) => string.CompareOrdinal(x, y),
        (long x, long y) => x.CompareTo(y),
        (double x, double y) => x.CompareTo(y),
        _ => throw new InvalidOperationException($"Cannot compare {a.GetType().Name} with {b.GetType().Name}."),
    };

    private static object?[] Capture(TEntity entity)
    {
        var writer = new RowWriter(new object?[Schema.Fields.Length]);
        TEntity.Write(entity, ref writer);
        return writer.Row;
    }

    private static TEntity Materialize(object?[] row)
    {
        // Through StoredRecord.Read, like every adapter: it names a bad field and expands compressed JSON.
        return StoredRecord.Read<TEntity, RowReader>(new RowReader(row), "tiny-memory");
    }

    private readonly struct RowWriter(object?[] row) : IFieldWriter
    {
        public object?[] Row => row;
        public void WriteNull(int ordinal) => row[ordinal] = null;
        public void WriteString(int ordinal, string value) => row[ordinal] = value;
        public void WriteInt32(int ordinal, int value) => row[ordinal] = (long)value;
        public void WriteInt64(int ordinal, long value) => row[ordinal] = value;
        public void WriteDouble(int ordinal, double value) => row[ordinal] = value;
        public void WriteBoolean(int ordinal, bool value) => row[ordinal] = value ? 1L : 0L;
        public void WriteDateTime(int ordinal, DateTime value) => row[ordinal] = StorageTime.ToUnixMicroseconds(value);
        public void WriteJson(int ordinal, JsonNode value) => row[ordinal] = value.ToJsonString();
    }

    private readonly struct RowReader(object?[] row) : IFieldReader
    {
        public bool IsNull(int ordinal) => row[ordinal] is null;
        public string ReadString(int ordinal) => (string)row[ordinal]!;
        public int ReadInt32(int ordinal) => checked((int)(long)row[ordinal]!);
        public long ReadInt64(int ordinal) => (long)row[ordinal]!;
        public double ReadDouble(int ordinal) => (double)row[ordinal]!;
        public bool ReadBoolean(int ordinal) => (long)row[ordinal]! != 0;
        public DateTime ReadDateTime(int ordinal) => StorageTime.FromUnixMicroseconds((long)row[ordinal]!);
        public JsonNode ReadJson(int ordinal) => JsonNode.Parse((string)row[ordinal]!)!;
    }
}
