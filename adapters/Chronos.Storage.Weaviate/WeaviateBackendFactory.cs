using Chronos.Storage.Providers;
using Chronos.Storage.Vectors;
using Chronos.Storage.Weaviate;

[assembly: VectorBackend<WeaviateBackendFactory>("weaviate", Options = ["api_key"])]

namespace Chronos.Storage.Weaviate;

/// <summary>
/// Opens <see cref="WeaviateVectorStore"/> from a <c>vector:</c> section: <c>dsn</c> is the server
/// (<c>http://localhost:8080</c>), <c>options: { api_key: ${WEAVIATE_API_KEY} }</c> when authentication is on.
/// </summary>
public sealed class WeaviateBackendFactory : IVectorBackendFactory
{
    /// <inheritdoc />
    public static ValueTask<IVectorStore> OpenAsync(StorageBackendOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IVectorStore>(new WeaviateVectorStore(ToStoreOptions(options)));
    }

    /// <summary>The store options a <c>vector:</c> section stands for.</summary>
    /// <exception cref="StorageConfigurationException">The DSN is missing or not an http(s) URL.</exception>
    public static WeaviateVectorStoreOptions ToStoreOptions(StorageBackendOptions options) => new()
    {
        Endpoint = BackendOption.HttpEndpoint(options, "http://localhost:8080"),
        ApiKey = options.GetOption("api_key"),
    };
}
