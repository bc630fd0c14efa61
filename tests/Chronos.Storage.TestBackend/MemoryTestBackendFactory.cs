using Chronos.Storage.Providers;
using Chronos.Storage.TestBackend;

[assembly: StorageBackend<MemoryTestBackendFactory>("memory-test", Package = "Chronos.Storage.TestBackend", Options = ["label"], DsnOptional = true)]

namespace Chronos.Storage.TestBackend;

/// <summary>Opens <see cref="InMemoryStorage"/>: a dsn <c>memory://name</c> names a database shared by every open.</summary>
public sealed class MemoryTestBackendFactory : IStorageBackendFactory
{
    /// <inheritdoc />
    public static ValueTask<IStorage> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var name = options.Dsn ?? "memory://default";
        if (!name.StartsWith("memory://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Expected memory://name, got '{name}'.", nameof(options));
        }
        return ValueTask.FromResult<IStorage>(new InMemoryStorage(MemoryDatabase.Named(name[9..]), Defect.None, options));
    }
}
