using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage.TestBackend;

/// <summary>
/// One entity's records in memory. A record is kept as the values the generated visitor writes (strings, longs,
/// doubles, Unix microseconds, JSON text), so reading one back goes through the generated reader like on a real
/// backend, and nothing aliases the caller's objects.
/// </summary>
public sealed class InMemoryEntityStore<TEntity>(Defect defect) : IEntityStore<TEntity>
    where TEntity : class, IStorageEntity<TEntity>
{
    private static readonly EntitySchema Schema = TEntity.Schema;
    private readonly Dictionary<string, object?[]> _rows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task InsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var row = Capture(entity);
        var key = TEntity.GetKey(entity);
        lock (_lock)
        {
            if (_rows.ContainsKey(key)) throw new DuplicateKeyException(Schema.EntityName, key, Schema.Key.StorageName);
            CheckUniqueIndexes(key, row);
            _rows.Add(key, row);
        }
        return Task.CompletedTask;
    }

    public Task UpsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var row = Capture(entity);
        var key = TEntity.GetKey(entity);
        lock (_lock)
        {
            CheckUniqueIndexes(key, row);
            _rows[key] = row;
        }
        return Task.CompletedTask;
    }

    public Task<bool> TryUpdateAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var version = Schema.ConcurrencyOrdinal ?? throw new InvalidOperationException($"{Schema.EntityName} has no concurrency field.");
        var row = Capture(entity);
        var key = TEntity.GetKey(entity);
        lock (_lock)
        {
            if (!_rows.TryGetValue(key, out var stored)) return Task.FromResult(false);
            if (defect != Defect.NoVersionCheck && (long)stored[version]! != (long)row[version]!) return Task.FromResult(false);
            row[version] = (long)row[version]! + 1;
            _rows[key] = row;
        }
        return Task.FromResult(true);
    }

    public Task<TEntity?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue(key, out var row) ? Materialize(row) : null);
        }
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_rows.Remove(key));
        }
    }

    public Task<IReadOnlyList<TEntity>> ListAsync(IndexQuery query, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var index = Schema.Index(query.Index);
        lock (_lock)
        {
            var rows = _rows.Values.Where(row => Matches(index, query.Match, row));
            if (query.After is { } after)
            {
                var first = index.Order[0];
                rows = rows.Where(row => Compare(row[first.Ordinal], Comparable(after)) * (first.Descending ? -1 : 1) > 0);
            }
            if (defect != Defect.UnorderedLists)
            {
                rows = rows.Order(Comparer<object?[]>.Create((a, b) => CompareInIndexOrder(index, a, b)));
            }
            rows = rows.Skip(query.Offset);
            if (query.Limit is { } limit) rows = rows.Take(limit);
            // Materializing a long ledger is the long part of a read: the token is honoured inside it, as on every backend.
            var read = 0;
            return Task.FromResult<IReadOnlyList<TEntity>>(rows.Select(row =>
            {
                if ((++read & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
                return Materialize(row);
            }).ToList());
        }
    }

    public Task<long> DeleteMatchingAsync(string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var declared = Schema.Index(index);
        lock (_lock)
        {
            var doomed = _rows.Where(pair => Matches(declared, match, pair.Value)).Select(pair => pair.Key).ToList();
            doomed.ForEach(key => _rows.Remove(key));
            return Task.FromResult((long)doomed.Count);
        }
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

    private object?[] Capture(TEntity entity)
    {
        var writer = new RowWriter(new object?[Schema.Fields.Length], defect);
        TEntity.Write(entity, ref writer);
        return writer.Row;
    }

    private static TEntity Materialize(object?[] row)
    {
        // Through StoredRecord.Read, like every adapter: it names a bad field and expands compressed JSON.
        return StoredRecord.Read<TEntity, RowReader>(new RowReader(row), "memory-test");
    }

    private readonly struct RowWriter(object?[] row, Defect defect) : IFieldWriter
    {
        public object?[] Row => row;
        public void WriteNull(int ordinal) => row[ordinal] = null;
        public void WriteString(int ordinal, string value) => row[ordinal] = value;
        public void WriteInt32(int ordinal, int value) => row[ordinal] = (long)value;
        public void WriteInt64(int ordinal, long value) => row[ordinal] = value;
        public void WriteDouble(int ordinal, double value) => row[ordinal] = value;
        public void WriteBoolean(int ordinal, bool value) => row[ordinal] = value ? 1L : 0L;

        public void WriteDateTime(int ordinal, DateTime value)
        {
            var micros = StorageTime.ToUnixMicroseconds(value);
            row[ordinal] = defect == Defect.SecondPrecision ? micros - micros % 1_000_000 : micros;
        }

        public void WriteJson(int ordinal, JsonNode value) =>
            row[ordinal] = defect == Defect.NumbersAsDoubles ? NumbersAsDoubles(value).ToJsonString() : value.ToJsonString();

        private static JsonNode NumbersAsDoubles(JsonNode node) => node switch
        {
            JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : NumbersAsDoubles(p.Value)))),
            JsonArray a => new JsonArray(a.Select(n => n is null ? null : NumbersAsDoubles(n)).ToArray()),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create(v.GetValue<double>()),
            _ => node.DeepClone(),
        };
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
