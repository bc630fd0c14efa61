using Chronos.Storage.Vectors;

namespace Chronos.Storage.Providers;

/// <summary>
/// Opens an adapter's <see cref="IVectorStore"/> from configuration; named by a
/// <see cref="VectorBackendAttribute{TFactory}"/> and called directly from the generated backend table.
/// </summary>
public interface IVectorBackendFactory
{
    /// <summary>Connects to the vector service described by <paramref name="options"/>.</summary>
    /// <exception cref="StorageConfigurationException">The DSN or an option is invalid (message without secrets).</exception>
    static abstract ValueTask<IVectorStore> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken);
}
