using System.Collections.Generic;
using System.Linq;

namespace Chronos.Storage.Generators.Model;

/// <summary>
/// What the generator and the drift analyzer know about one backend adapter: the assembly that brings it into an
/// application, and what it cannot do with a field (null when it can).
/// </summary>
/// <param name="AssemblyName">The adapter assembly whose reference means the application stores on this backend.</param>
/// <param name="DisplayName">The backend's name in messages.</param>
/// <param name="JsonIndexLimitation">Why a json field cannot be an index's match or order field here, or null if it can.</param>
internal sealed record StorageBackend(string AssemblyName, string DisplayName, string? JsonIndexLimitation);

/// <summary>The backend table: one row per adapter of the repository.</summary>
internal static class StorageBackends
{
    /// <summary>Every adapter, in the order messages list them.</summary>
    public static readonly EquatableArray<StorageBackend> All = new StorageBackend[]
    {
        new("Chronos.Storage.Sqlite", "SQLite",
            "json fields are TEXT columns whose text order is not the value order, and the generated index and ORDER BY compare scalar columns only"),
        new("Chronos.Storage.Postgres", "PostgreSQL",
            "json fields are jsonb columns, and the generated B-tree index and ORDER BY compare scalar columns only"),
        new("Chronos.Storage.Redis", "Redis",
            "index entries are sorted-set members matched by an exact string and scored by a number; a json value is neither"),
        new("Chronos.Storage.Dynamo", "DynamoDB",
            "GSI key attributes must be scalars (S, N or B); a json field is stored as a map (M)"),
        new("Chronos.Storage.Mongo", "MongoDB", null),
    }.ToEquatableArray();

    /// <summary>The backend names, for messages about all of them.</summary>
    public static string DisplayNames => string.Join(", ", All.Select(b => b.DisplayName));

    /// <summary>The CLR types the field visitor carries, for messages.</summary>
    public const string StorableClrTypes = "string, int, long, double, bool, DateTime and System.Text.Json.Nodes JsonNode/JsonObject/JsonArray";

    /// <summary>The backends whose adapter assembly is among <paramref name="referencedAssemblyNames"/>.</summary>
    public static EquatableArray<StorageBackend> Referenced(IEnumerable<string> referencedAssemblyNames)
    {
        var names = new HashSet<string>(referencedAssemblyNames, System.StringComparer.Ordinal);
        return All.Where(b => names.Contains(b.AssemblyName)).ToEquatableArray();
    }
}
