using System.Collections.Immutable;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Dynamo;

/// <summary>
/// The single-table DynamoDB design of one entity: how its items and its index entries are keyed, derived once per
/// entity type from its generated <see cref="EntitySchema"/> (<see cref="Of{TEntity}"/>). The adapter builds key
/// values from it with
/// <see cref="SortKeyEncoding"/>, so every key is an order-preserving, injective tuple encoding.
/// </summary>
/// <remarks>
/// Key formats (each <c>⟨…⟩</c> is one <see cref="SortKeyEncoding"/> tuple):
/// <list type="bullet">
/// <item>record item: <c>_pk = ⟨EntityTag, key⟩</c>, <c>_sk = </c><see cref="ItemSortKey"/>;</item>
/// <item>index entry: the record item carries <c>{Gsi}pk = ⟨EntityTag, index name, match values…⟩</c> and
/// <c>{Gsi}sk = ⟨order values…, key⟩</c>, so the index's global secondary index lists it in SQL's order;</item>
/// <item>unique index guard: an item <c>_pk = ⟨EntityTag, index name, match values…⟩</c>,
/// <c>_sk = ⟨order values…⟩</c>, written in the same transaction as the record so that the unique rule holds
/// (global secondary indexes cannot enforce uniqueness). The guard partition also holds sequence counters.</item>
/// </list>
/// </remarks>
/// <param name="EntityTag">First component of every partition key of this entity (the storage name).</param>
/// <param name="Indexes">One entry per declared index, in spec order.</param>
public sealed record DynamoLayout(string EntityTag, ImmutableArray<DynamoIndexLayout> Indexes)
{
    /// <summary>The table's partition key attribute (string).</summary>
    public const string PartitionKeyAttribute = "_pk";

    /// <summary>The table's sort key attribute (string).</summary>
    public const string SortKeyAttribute = "_sk";

    /// <summary>The sort key of a record item (any encoded tuple ends with U+0001, so this never collides).</summary>
    public const string ItemSortKey = "item";

    /// <summary>The sort key of a sequence counter in a unique index's guard partition.</summary>
    public const string CounterSortKey = "counter";

    /// <summary>The layout of the declared index <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such index.</exception>
    public DynamoIndexLayout Index(string name)
    {
        foreach (var index in Indexes)
        {
            if (index.Name == name) return index;
        }
        throw new KeyNotFoundException($"Entity '{EntityTag}' has no DynamoDB index for '{name}'.");
    }

    /// <summary>The GSI serving an entity's n-th (0-based) declared index.</summary>
    public static string GsiName(int slot) => "gsi" + (slot + 1);

    /// <summary>The layout of <typeparamref name="TEntity"/>, derived on first use and then shared (no reflection).</summary>
    public static DynamoLayout Of<TEntity>() where TEntity : IStorageEntity<TEntity> => Cache<TEntity>.Layout;

    /// <summary>
    /// Derives the design from a schema: one GSI slot per declared index (the n-th index of every entity shares GSI n,
    /// told apart by the partition value), the sort fields with the key appended as the final tie-breaker unless the
    /// order already ends with it (equal order values never tie), the scan direction and the unique guards.
    /// </summary>
    public static DynamoLayout From(EntitySchema schema)
    {
        var indexes = ImmutableArray.CreateBuilder<DynamoIndexLayout>(schema.Indexes.Length);
        for (var slot = 0; slot < schema.Indexes.Length; slot++)
        {
            var index = schema.Indexes[slot];
            var sort = ImmutableArray.CreateBuilder<int>(index.Order.Length + 1);
            foreach (var key in index.Order) sort.Add(key.Ordinal);
            if (sort.Count == 0 || sort[^1] != schema.KeyOrdinal) sort.Add(schema.KeyOrdinal);
            var gsi = GsiName(slot);
            indexes.Add(new DynamoIndexLayout(
                index.Name, gsi, "_" + gsi + "pk", "_" + gsi + "sk", index.MatchOrdinals, sort.ToImmutable(),
                index.Order.Length, ScanForward: !index.IsDescending, index.IsUnique));
        }
        return new DynamoLayout(schema.StorageName, indexes.MoveToImmutable());
    }

    /// <summary>One layout per entity type: a static generic field, initialised once by the runtime (AOT-safe).</summary>
    private static class Cache<TEntity> where TEntity : IStorageEntity<TEntity>
    {
        public static readonly DynamoLayout Layout = From(TEntity.Schema);
    }
}

/// <summary>How one declared index is served by a global secondary index (GSI).</summary>
/// <param name="Name">The spec's index name.</param>
/// <param name="GsiName">The GSI serving it. GSIs are shared by entities (slot n serves every entity's n-th index):
/// partition values start with the entity tag and index name, so entries never mix.</param>
/// <param name="PartitionAttribute">The GSI's partition key attribute.</param>
/// <param name="SortAttribute">The GSI's sort key attribute.</param>
/// <param name="MatchOrdinals">Fields encoded (after tag and index name) into the GSI partition value.</param>
/// <param name="SortOrdinals">Fields encoded into the GSI sort value: the index's order, then the key as the final
/// tie-breaker unless the order already ends with it.</param>
/// <param name="OrderLength">How many leading <paramref name="SortOrdinals"/> are the index's declared order (a unique
/// index's guard sort key).</param>
/// <param name="ScanForward">False when the index lists in descending order (DynamoDB <c>ScanIndexForward</c>).</param>
/// <param name="IsUnique">Whether a guard item enforces that match + order values identify one record.</param>
public sealed record DynamoIndexLayout(
    string Name,
    string GsiName,
    string PartitionAttribute,
    string SortAttribute,
    ImmutableArray<int> MatchOrdinals,
    ImmutableArray<int> SortOrdinals,
    int OrderLength,
    bool ScanForward,
    bool IsUnique);
