using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>What a failed statement was doing, so a dialect can build a precise typed error.</summary>
/// <param name="Schema">The entity's schema (names the fields behind a violated constraint).</param>
/// <param name="Key">The record key concerned, if known.</param>
/// <param name="Operation">The operation to name in a transient error, e.g. <c>Event.Insert</c>.</param>
public readonly record struct SqlErrorContext(EntitySchema Schema, string? Key, string Operation)
{
    /// <summary>
    /// The storage field(s) behind a violated unique constraint named as the generator names them: the table's primary
    /// key (<c>{table}_pkey</c>, or any name when unknown) or a declared unique index (<c>ux_{table}_{index}</c>).
    /// </summary>
    public string FieldsOfConstraint(string? constraintName)
    {
        if (constraintName is not null)
        {
            foreach (var index in Schema.Indexes)
            {
                if (constraintName.EndsWith("_" + Schema.StorageName + "_" + index.Name, StringComparison.Ordinal))
                {
                    return FieldsOf(index);
                }
            }
        }
        return Schema.Key.StorageName;
    }

    /// <summary>A duplicate-key error on <paramref name="field"/> for this context's entity and key.</summary>
    public DuplicateKeyException Duplicate(string field, Exception inner) =>
        new(Schema.EntityName, Key ?? "?", field, inner);

    private string FieldsOf(IndexSchema index)
    {
        var names = new List<string>(index.MatchOrdinals.Length + index.Order.Length);
        foreach (var ordinal in index.MatchOrdinals) names.Add(Schema.Fields[ordinal].StorageName);
        foreach (var key in index.Order) names.Add(Schema.Fields[key.Ordinal].StorageName);
        return string.Join(", ", names);
    }
}
