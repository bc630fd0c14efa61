using Chronos.Storage.Vectors;

namespace Chronos.Storage.Providers;

/// <summary>
/// The application's backend tables. The source generator emits, in every compilation that references
/// Chronos.Storage, a module initializer that registers here each backend declared by a referenced assembly's
/// <see cref="StorageBackendAttribute{TFactory}"/>: no assembly
/// scanning, and trimming keeps exactly those factories.
/// </summary>
public static class BackendRegistries
{
    /// <summary>Storage backends (<c>storage:</c> sections).</summary>
    public static BackendRegistry<IStorage> Storage { get; } = new("storage", KnownBackendPackages.Storage);

    /// <summary>Vector-store backends (<c>vector:</c> sections).</summary>
    public static BackendRegistry<IVectorStore> Vector { get; } = new("vector", KnownBackendPackages.Vector);
}
