using System.Collections.Immutable;
using Chronos.Storage.Schema;

namespace Chronos.Storage.TestBackend;

/// <summary>An in-memory <see cref="IEntityStore{TEntity}"/> driven by the generated schema and visitor.</summary>
internal sealed class MemoryEntityStore<TEntity> : IEntityStore<TEntity>
    where TEntity : class, IStorageEntity<TEntity>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, object?[]> _rows = new(StringComparer.Ordinal);
    private static EntitySchema Schema => TEntity.Schema;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task InsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        var key = TEntity.GetKey(entity);
        lock (_gate)
        {
            if (_rows.ContainsKey(key)) throw new DuplicateKeyException(Schema.EntityName, key, Schema.Key.StorageName);
            _rows[key] = Capture(entity);
        }
        return Task.CompletedTask;
    }

    public Task UpsertAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        lock (_gate) _rows[TEntity.GetKey(entity)] = Capture(entity);
        return Task.CompletedTask;
    }

    public Task<bool> TryUpdateAsync(TEntity entity, CancellationToken cancellationToken = default)
    {
        var key = TEntity.GetKey(entity);
        var values = Capture(entity);
        lock (_gate)
        {
            if (!_rows.TryGetValue(key, out var stored)) return Task.FromResult(false);
            if (Schema.ConcurrencyOrdinal is { } version)
            {
                if (!Equals(stored[version], values[version])) return Task.FromResult(false);
                values[version] = values[version] is int v32 ? v32 + 1 : (object)((long)values[version]! + 1);
            }
            _rows[key] = values;
            return Task.FromResult(true);
        }
    }

    public Task<TEntity?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_rows.TryGetValue(key, out var values) ? Rebuild(values) : null);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult(_rows.Remove(key));
    }

    public Task<IReadOnlyList<TEntity>> ListAsync(IndexQuery query, CancellationToken cancellationToken = default)
    {
        var index = Schema.Index(query.Index);
        lock (_gate)
        {
            IEnumerable<object?[]> rows = _rows.Values.Where(row => Matches(row, index, query.Match));
            if (query.After is { } after && index.Order.Length > 0)
            {
                var first = index.Order[0];
                var bound = after.ToObject();
                rows = rows.Where(row => Comparer<object?>.Default.Compare(row[first.Ordinal], bound) * (first.Descending ? -1 : 1) > 0);
            }
            IOrderedEnumerable<object?[]>? ordered = null;
            foreach (var sort in index.Order)
            {
                Func<object?[], object?> by = row => row[sort.Ordinal];
                ordered = ordered is null
                    ? (sort.Descending ? rows.OrderByDescending(by, Comparer<object?>.Default) : rows.OrderBy(by, Comparer<object?>.Default))
                    : (sort.Descending ? ordered.ThenByDescending(by, Comparer<object?>.Default) : ordered.ThenBy(by, Comparer<object?>.Default));
            }
            var page = (ordered ?? rows).Skip(query.Offset);
            if (query.Limit is { } limit) page = page.Take(limit);
            return Task.FromResult<IReadOnlyList<TEntity>>([.. page.Select(Rebuild)]);
        }
    }

    public Task<long> DeleteMatchingAsync(string index, ImmutableArray<IndexValue> match, CancellationToken cancellationToken = default)
    {
        var schema = Schema.Index(index);
        lock (_gate)
        {
            var keys = _rows.Where(row => Matches(row.Value, schema, match)).Select(row => row.Key).ToList();
            foreach (var key in keys) _rows.Remove(key);
            return Task.FromResult((long)keys.Count);
        }
    }

    private static bool Matches(object?[] row, IndexSchema index, ImmutableArray<IndexValue> match)
    {
        for (var i = 0; i < match.Length; i++)
        {
            if (!Equals(row[index.MatchOrdinals[i]], match[i].ToObject())) return false;
        }
        return true;
    }

    private static object?[] Capture(TEntity entity)
    {
        var capture = new FieldCapture(Schema.Fields.Length);
        TEntity.Write(entity, ref capture);
        return capture.Values;
    }

    private static TEntity Rebuild(object?[] values)
    {
        var replay = new FieldReplay(values);
        return TEntity.Read(ref replay);
    }
}
