using Chronos.Storage.Providers;
using Chronos.Storage.Qdrant;
using Chronos.Storage.Vectors;

[assembly: VectorBackend<QdrantBackendFactory>("qdrant", Options = ["api_key"])]

namespace Chronos.Storage.Qdrant;

/// <summary>
/// Opens <see cref="QdrantVectorStore"/> from a <c>vector:</c> section: <c>dsn</c> is the gRPC endpoint
/// (<c>http://localhost:6334</c>, https for Qdrant Cloud), <c>options: { api_key: ${QDRANT_API_KEY} }</c> when
/// authentication is on.
/// </summary>
public sealed class QdrantBackendFactory : IVectorBackendFactory
{
    /// <inheritdoc />
    public static ValueTask<IVectorStore> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IVectorStore>(new QdrantVectorStore(ToStoreOptions(options)));
    }

    /// <summary>The store options a <c>vector:</c> section stands for.</summary>
    /// <exception cref="StorageConfigurationException">The DSN is missing or not an http(s) URL.</exception>
    public static QdrantVectorStoreOptions ToStoreOptions(StorageBackendOptions options) => new()
    {
        Endpoint = BackendOption.HttpEndpoint(options, "http://localhost:6334"),
        ApiKey = options.GetOption("api_key"),
    };
}
