using System.Collections.Concurrent;

namespace Chronos.Storage.TestBackend;

/// <summary>The records of one named in-memory database, per entity type.</summary>
public sealed class MemoryDatabase
{
    private static readonly ConcurrentDictionary<string, MemoryDatabase> ByName = new(StringComparer.Ordinal);

    /// <summary>The shared database with this name.</summary>
    public static MemoryDatabase Named(string name) => ByName.GetOrAdd(name, _ => new MemoryDatabase());

    /// <summary>Stores by entity type (the generic argument, no reflection).</summary>
    public ConcurrentDictionary<Type, object> Stores { get; } = new();

    /// <summary>How many times a store on this database ran its migration.</summary>
    public int MigrationCount;
}
