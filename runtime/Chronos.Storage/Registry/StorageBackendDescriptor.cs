namespace Chronos.Storage.Providers;

/// <summary>Builds storage backend descriptors; the generated backend table calls this once per adapter.</summary>
public static class StorageBackendDescriptor
{
    /// <summary>A descriptor whose open call goes straight to <typeparamref name="TFactory"/> (no reflection).</summary>
    public static BackendDescriptor<IStorage> Create<TFactory>(string name, string package, string[] options, bool dsnOptional)
        where TFactory : IStorageBackendFactory =>
        new(name, package, options, dsnOptional, TFactory.OpenAsync);
}
