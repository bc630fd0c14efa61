using System;

namespace Chronos.Storage.Generators.Model;

/// <summary>
/// Everything the emitters need for one entity: the record paired with its spec entry. Plain data with value
/// equality (no Roslyn types), so the incremental pipeline can cache it.
/// </summary>
internal sealed record EntityModel(
    string Namespace,
    string TypeName,
    string Accessibility,
    string SpecName,
    string StorageName,
    int Version,
    EquatableArray<FieldModel> Fields,
    int KeyOrdinal,
    EquatableArray<IndexModel> Indexes,
    int ConcurrencyOrdinal,
    string SpecHash,
    EquatableArray<MigrationVersionModel> History)
{
    public string FullTypeName => Namespace.Length == 0 ? "global::" + TypeName : "global::" + Namespace + "." + TypeName;

    public FieldModel Key => Fields[KeyOrdinal];

    public bool HasConcurrency => ConcurrencyOrdinal >= 0;

    /// <summary>
    /// <c>required</c> properties the spec does not list (only while CHR2001 reports them): the generated reader
    /// assigns them <c>default!</c> so that the record still compiles and CHR2001 is the build's only error.
    /// </summary>
    public EquatableArray<string> UnmappedRequiredProperties { get; init; } = EquatableArray<string>.Empty;
}

/// <summary>One persisted field.</summary>
internal sealed record FieldModel(int Ordinal, string PropertyName, string StorageName, StorageKind Kind, bool IsNullable, ClrShape Shape);

/// <summary>One declared index.</summary>
internal sealed record IndexModel(string Name, string ConstName, EquatableArray<int> MatchOrdinals, EquatableArray<SortKeyModel> Order, bool IsUnique)
{
    public bool IsDescending => Order.Length > 0 && Order[0].Descending;
}

/// <summary>One sort key of an index.</summary>
internal readonly record struct SortKeyModel(int Ordinal, bool Descending);

/// <summary>Names shared by emitters.</summary>
internal static class Naming
{
    /// <summary>snake_case / kebab to PascalCase: <c>by_agent_key</c> to <c>ByAgentKey</c>.</summary>
    public static string Pascal(string name)
    {
        var chars = new System.Text.StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (c is '_' or '-' or '.') { upper = true; continue; }
            chars.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return chars.ToString();
    }

    /// <summary>PascalCase to snake_case: <c>AgentId</c> to <c>agent_id</c>.</summary>
    public static string Snake(string name)
    {
        var chars = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) chars.Append('_');
                chars.Append(char.ToLowerInvariant(c));
            }
            else
            {
                chars.Append(c);
            }
        }
        return chars.ToString();
    }

    /// <summary>The backend index name of a declared index (SQL and MongoDB): <c>ux_events_by_session</c>.</summary>
    public static string IndexName(EntityModel model, IndexModel index) => IndexName(model.StorageName, index.Name, index.IsUnique);

    /// <summary>The backend index name of an index by its parts (also for indexes the current spec no longer declares).</summary>
    public static string IndexName(string storageName, string indexName, bool isUnique) =>
        (isUnique ? "ux_" : "ix_") + storageName + "_" + indexName;

    /// <summary>A stable 64-bit FNV-1a hash as 16 hex digits (string.GetHashCode is randomized per process).</summary>
    public static string StableHash(string text)
    {
        unchecked
        {
            var hash = 14695981039346656037UL;
            foreach (var c in text)
            {
                hash ^= c;
                hash *= 1099511628211UL;
            }
            return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
