using System.Collections.Immutable;
using System.Text;
using Chronos.Storage.Providers;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Dynamo;

/// <summary>
/// Builds one entity's key values from its generated <see cref="DynamoLayout"/> with the shared
/// <see cref="SortKeyEncoding"/> (see the layout's remarks for the formats). Prefixes are encoded once.
/// </summary>
internal sealed class DynamoKeys
{
    /// <summary>DynamoDB's limit on a partition key value (UTF-8 bytes).</summary>
    public const int MaxPartitionKeyBytes = 2048;

    /// <summary>DynamoDB's limit on a sort key value (UTF-8 bytes).</summary>
    public const int MaxSortKeyBytes = 1024;

    private readonly EntitySchema _schema;
    private readonly string _itemPrefix;
    private readonly string[] _indexPrefixes;

    public DynamoKeys(EntitySchema schema, DynamoLayout layout)
    {
        _schema = schema;
        Layout = layout;
        _itemPrefix = SortKeyEncoding.Encode(layout.EntityTag);
        _indexPrefixes = layout.Indexes.Select(i => SortKeyEncoding.Encode(layout.EntityTag, i.Name)).ToArray();
    }

    public DynamoLayout Layout { get; }

    /// <summary>How many fields the entity has (the length of a values-by-ordinal array).</summary>
    public int FieldCount => _schema.Fields.Length;

    /// <summary>The record item's partition key.</summary>
    public string ItemPartition(string key)
    {
        var value = SortKeyEncoding.Append(new StringBuilder(_itemPrefix), key).ToString();
        CheckLength(value, MaxPartitionKeyBytes, _schema.Key.StorageName, key);
        return value;
    }

    /// <summary>
    /// The index partition (GSI partition value and unique guard partition) of a record, or null when a match field is
    /// null: like SQL's <c>=</c>, an index never matches null, so the record is left out of the GSI (sparse index).
    /// </summary>
    public string? IndexPartition(int index, IndexValue?[] values, string key)
    {
        var builder = new StringBuilder(_indexPrefixes[index]);
        foreach (var ordinal in Layout.Indexes[index].MatchOrdinals)
        {
            if (values[ordinal] is not { } value) return null;
            SortKeyEncoding.Append(builder, value);
        }
        var result = builder.ToString();
        CheckLength(result, MaxPartitionKeyBytes, Layout.Indexes[index].Name, key);
        return result;
    }

    /// <summary>The index partition a query reads; validates the caller's match values against the fields.</summary>
    /// <exception cref="StorageArgumentException">Wrong number or kinds of match values.</exception>
    public string IndexPartition(int index, ImmutableArray<IndexValue> match)
    {
        var layout = Layout.Indexes[index];
        if (match.Length != layout.MatchOrdinals.Length)
        {
            throw new StorageArgumentException("query.Match", _schema.EntityName, null,
                $"index '{layout.Name}' matches {layout.MatchOrdinals.Length} field(s) ({Names(layout.MatchOrdinals)}); got {match.Length} value(s).");
        }
        var builder = new StringBuilder(_indexPrefixes[index]);
        for (var i = 0; i < match.Length; i++)
        {
            SortKeyEncoding.Append(builder, Checked(match[i], layout.MatchOrdinals[i], "query.Match"));
        }
        return builder.ToString();
    }

    /// <summary>The GSI sort value: the index's order values, then the key.</summary>
    public string IndexSort(int index, IndexValue?[] values, string key) => Sort(index, values, Layout.Indexes[index].SortOrdinals.Length, key);

    /// <summary>A unique index guard's sort key: the index's order values only.</summary>
    public string GuardSort(int index, IndexValue?[] values, string key) => Sort(index, values, Layout.Indexes[index].OrderLength, key);

    /// <summary>Checks that a query value's kind encodes like the field's (string vs. number-like vs. double vs. bool).</summary>
    public IndexValue Checked(IndexValue value, int ordinal, string paramName)
    {
        var field = _schema.Fields[ordinal];
        if (EncodingClass(field.Kind) != EncodingClass(value.Kind))
        {
            throw new StorageArgumentException(paramName, _schema.EntityName, field.StorageName,
                $"the field is {field.Kind}; a {value.Kind} value cannot be compared with it.");
        }
        return value;
    }

    private string Sort(int index, IndexValue?[] values, int count, string key)
    {
        var builder = new StringBuilder();
        var ordinals = Layout.Indexes[index].SortOrdinals;
        for (var i = 0; i < count; i++)
        {
            if (values[ordinals[i]] is { } value) SortKeyEncoding.Append(builder, value);
            else SortKeyEncoding.AppendNull(builder);
        }
        var result = builder.ToString();
        CheckLength(result, MaxSortKeyBytes, Layout.Indexes[index].Name, key);
        return result;
    }

    private static int EncodingClass(FieldKind kind) => kind switch
    {
        FieldKind.Int32 or FieldKind.Int64 or FieldKind.DateTime => 1,
        FieldKind.Double => 2,
        FieldKind.Boolean => 3,
        FieldKind.String => 0,
        _ => 4,
    };

    private string Names(ImmutableArray<int> ordinals) => string.Join(", ", ordinals.Select(o => _schema.Fields[o].StorageName));

    private void CheckLength(string value, int limit, string what, string key)
    {
        // Cheap bound first: a UTF-16 char is at most 3 UTF-8 bytes (surrogate pairs: 4 bytes for 2 chars).
        if (value.Length * 3 <= limit) return;
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > limit)
        {
            throw new StorageArgumentException("entity", _schema.EntityName, what,
                $"'{key}': the DynamoDB key built from '{what}' is {bytes} bytes; DynamoDB allows {limit}. Shorten the values it is built from.");
        }
    }
}
